package dev.descent.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads an uploaded CSV: a header row, then one example per line, every feature numeric. The label column is
 * named by the client; its values may be numbers or class names. Every refusal names the line and column.
 */
public final class CsvDatasetParser {

    /** Integer labels with at most this many distinct values are taken as classes when the task is not stated. */
    static final int MAX_INFERRED_CLASSES = 20;
    /**
     * Class names are stored one per line in a column of 65,536 characters (and a k-class evaluation counts a
     * k × k confusion matrix): 1000 names of up to 64 characters fit.
     */
    static final int MAX_CLASSES = 1000;
    static final int MAX_CLASS_NAME_LENGTH = 64;
    /** Column names appear in models and refusals; the label column's is stored in a column of 200. */
    static final int MAX_COLUMN_NAME_LENGTH = 200;

    private final long maxRows;
    private final int maxColumns;

    public CsvDatasetParser(long maxRows, int maxColumns) {
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
    }

    /** @param task the stated task, or null to infer it from the label column */
    public Dataset parse(String id, Reader source, String labelColumn, Task task) {
        try (BufferedReader reader = new BufferedReader(source)) {
            String headerLine = reader.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new CsvFormatException(1, 0, "the file is empty: expected a header row and at least one data row");
            }
            List<String> header = splitLine(stripBom(headerLine), 1);
            for (int c = 0; c < header.size(); c++) {
                requirePrintable(header.get(c), 1, c + 1, "column name");
                if (header.get(c).length() > MAX_COLUMN_NAME_LENGTH) {
                    throw new CsvFormatException(1, c + 1, "column name '" + abbreviate(header.get(c)) + "' is longer "
                            + "than " + MAX_COLUMN_NAME_LENGTH + " characters");
                }
            }
            int labelIndex = header.indexOf(labelColumn);
            if (labelIndex < 0) {
                String columns = header.toString();
                throw new CsvFormatException(1, 0, "label column '" + labelColumn + "' is not in the header "
                        + (columns.length() <= 1000 ? columns : columns.substring(0, 1000) + "…"));
            }
            int features = header.size() - 1;
            if (features < 1) {
                throw new CsvFormatException(1, 0, "the header has no feature column besides the label");
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(labelIndex);

            FloatBuffer x = new FloatBuffer();
            List<String> labels = new ArrayList<>();
            String line;
            long lineNo = 1;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                if (labels.size() >= maxRows) {
                    throw new CsvFormatException(lineNo, 0, "more than " + maxRows + " data rows (the upload row limit)");
                }
                List<String> cells = splitLine(line, lineNo);
                if (cells.size() != header.size()) {
                    throw new CsvFormatException(lineNo, 0,
                            "line has " + cells.size() + " cells but the header has " + header.size());
                }
                for (int c = 0; c < cells.size(); c++) {
                    String cell = cells.get(c).trim();
                    if (cell.isEmpty()) {
                        throw new CsvFormatException(lineNo, c + 1, "empty cell in column '" + header.get(c) + "'");
                    }
                    if (c == labelIndex) {
                        requirePrintable(cell, lineNo, c + 1, "label");
                        labels.add(cell);
                    } else {
                        x.add(parseNumber(cell, lineNo, c + 1, header.get(c)));
                    }
                }
            }
            if (labels.isEmpty()) {
                throw new CsvFormatException(lineNo, 0, "the file has a header but no data rows");
            }
            return buildDataset(id, x.toArray(), labels, features, featureNames, task, labelIndex + 1, labelColumn);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset buildDataset(String id, float[] x, List<String> labels, int features, List<String> featureNames,
                                        Task task, int labelColumnNo, String labelColumn) {
        Task resolved = task != null ? task : inferTask(labels);
        float[] y = new float[labels.size()];
        List<String> classNames = List.of();
        if (resolved == Task.REGRESSION) {
            for (int i = 0; i < y.length; i++) {
                y[i] = parseNumber(labels.get(i), i + 2, labelColumnNo, labelColumn);
            }
        } else {
            Map<String, Integer> index = classIndex(labels);
            classNames = List.copyOf(index.keySet());
            if (classNames.size() < 2) {
                throw new CsvFormatException(0, labelColumnNo, "classification needs at least 2 classes in '"
                        + labelColumn + "', found " + classNames);
            }
            if (classNames.size() > MAX_CLASSES) {
                throw new CsvFormatException(0, labelColumnNo, "classification takes at most " + MAX_CLASSES
                        + " classes, '" + labelColumn + "' holds " + classNames.size());
            }
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).length() > MAX_CLASS_NAME_LENGTH) {
                    throw new CsvFormatException(i + 2, labelColumnNo, "class name '" + abbreviate(labels.get(i))
                            + "' is longer than " + MAX_CLASS_NAME_LENGTH + " characters");
                }
            }
            for (int i = 0; i < y.length; i++) {
                y[i] = index.get(labels.get(i));
            }
        }
        return new Dataset(id, resolved, labels.size(), features, x, y, featureNames, classNames);
    }

    /** Numeric labels sort numerically (so "2" < "10"), names alphabetically. */
    private static Map<String, Integer> classIndex(List<String> labels) {
        boolean numeric = labels.stream().allMatch(CsvDatasetParser::isNumber);
        TreeSet<String> distinct = new TreeSet<>(numeric
                ? java.util.Comparator.comparingDouble(Double::parseDouble)
                : java.util.Comparator.naturalOrder());
        distinct.addAll(labels);
        Map<String, Integer> index = new LinkedHashMap<>();
        for (String label : distinct) {
            index.put(label, index.size());
        }
        return index;
    }

    private static Task inferTask(List<String> labels) {
        if (!labels.stream().allMatch(CsvDatasetParser::isNumber)) {
            return Task.CLASSIFICATION;
        }
        boolean integral = labels.stream().mapToDouble(Double::parseDouble).allMatch(v -> v == Math.rint(v));
        long distinct = labels.stream().map(Double::parseDouble).distinct().count();
        return integral && distinct <= MAX_INFERRED_CLASSES ? Task.CLASSIFICATION : Task.REGRESSION;
    }

    private static boolean isNumber(String s) {
        try {
            return Double.isFinite(Double.parseDouble(s));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static float parseNumber(String cell, long line, int column, String columnName) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new CsvFormatException(line, column, "'" + abbreviate(cell) + "' in column '" + columnName
                    + "' is not a number");
        }
        if (!Double.isFinite(value) || Math.abs(value) > Float.MAX_VALUE) {
            throw new CsvFormatException(line, column, "'" + abbreviate(cell) + "' in column '" + columnName
                    + "' is not a finite number");
        }
        return (float) value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Names end up in the database and in people's terminals: no NUL or other control characters. */
    private static void requirePrintable(String text, long line, int column, String what) {
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw new CsvFormatException(line, column, "the " + what + " '" + abbreviate(text)
                    + "' holds a control character: is this a text CSV file?");
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** RFC 4180 cells within one line: commas separate, double quotes enclose, "" escapes a quote. */
    List<String> splitLine(String line, long lineNo) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                if (cells.size() + 1 >= maxColumns) {
                    throw new CsvFormatException(lineNo, cells.size() + 2, "more than " + maxColumns
                            + " columns (the upload column limit)");
                }
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new CsvFormatException(lineNo, cells.size() + 1, "unterminated quoted cell");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A growable float array, so a large upload is not boxed. */
    private static final class FloatBuffer {
        private float[] data = new float[1024];
        private int size;

        void add(float v) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = v;
        }

        float[] toArray() {
            return java.util.Arrays.copyOf(data, size);
        }
    }
}
