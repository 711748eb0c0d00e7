package dev.descent.continual;

import dev.descent.diagnostics.DiagnosticPoint;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a continual run has learned and forgotten so far: the task × task accuracy matrix and what follows from it. */
@Schema(description = "A continual run's task × task matrix: after each finished task, the held-out accuracy on "
        + "every task so far")
public record ContinualReport(
        @Schema(description = "How the run protects earlier tasks", example = "ogd") ContinualMethod method,
        @ArraySchema(arraySchema = @Schema(description = "The tasks in training order, as the spec gives them",
                example = "[\"identity\", \"permuted 1\"]")) List<String> tasks,
        @ArraySchema(arraySchema = @Schema(description = "Row i: after task i + 1, the accuracy on tasks 1 … i + 1 "
                + "(rows of finished tasks only)", example = "[[0.97], [0.93, 0.96]]")) List<List<Double>> accuracy,
        @Schema(description = "The mean of the last row: the accuracy over all tasks so far; null before the first "
                + "task ends", example = "0.945") Double averageAccuracy,
        @ArraySchema(arraySchema = @Schema(description = "For each task before the last finished one, its best "
                + "accuracy after any earlier row minus its accuracy now (Chaudhry et al. 2018)",
                example = "[0.04]")) List<Double> forgetting) {

    /** The report from the recorded task_accuracy values (series = task number, at each task's last step). */
    public static ContinualReport of(ContinualSpec spec, List<DiagnosticPoint> points) {
        Map<Long, List<Double>> rows = new TreeMap<>();
        points.stream().sorted((a, b) -> a.step() != b.step() ? Long.compare(a.step(), b.step())
                        : Integer.compare(a.layer(), b.layer()))
                .forEach(p -> rows.computeIfAbsent(p.step(), step -> new ArrayList<>()).add(p.value()));
        List<List<Double>> accuracy = List.copyOf(rows.values());
        List<Double> forgetting = new ArrayList<>();
        Double average = null;
        if (!accuracy.isEmpty()) {
            List<Double> now = accuracy.get(accuracy.size() - 1);
            average = now.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            for (int j = 0; j < now.size() - 1; j++) {
                double best = 0;
                for (int i = j; i < accuracy.size() - 1; i++) {
                    best = Math.max(best, accuracy.get(i).get(j));
                }
                forgetting.add(best - now.get(j));
            }
        }
        return new ContinualReport(spec.method(), spec.tasks().stream().map(TaskSpec::label).toList(), accuracy,
                average, forgetting);
    }
}
