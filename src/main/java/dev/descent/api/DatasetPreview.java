package dev.descent.api;

import dev.descent.dataset.Dataset;
import dev.descent.dataset.Task;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;

@Schema(description = "The first rows of a dataset as stored (before scaling); the label is the last column")
public record DatasetPreview(String id, List<String> columns, List<List<Object>> rows) {

    static DatasetPreview of(Dataset data, int maxRows) {
        List<String> columns = new ArrayList<>(data.featureNames());
        columns.add("label");
        List<List<Object>> rows = new ArrayList<>();
        for (int r = 0; r < Math.min(maxRows, data.rows()); r++) {
            List<Object> row = new ArrayList<>(data.features() + 1);
            for (int c = 0; c < data.features(); c++) {
                row.add(data.x()[r * data.features() + c]);
            }
            row.add(data.task() == Task.CLASSIFICATION ? data.classNames().get((int) data.y()[r]) : data.y()[r]);
            rows.add(row);
        }
        return new DatasetPreview(data.id(), columns, rows);
    }
}
