package dev.descent.dataset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The label column of an upload, read row by row without keeping a string per row: each row's value as a number
 * (NaN when it is not one) and the id of its spelling among the distinct spellings, of which at most
 * {@link CsvDatasetParser#MAX_CLASSES} + 1 are kept. At the end it decides the task (docs/datasets.md):
 * <ul>
 * <li>stated regression: every cell must be a finite number;</li>
 * <li>not stated: if every cell is a number, integers with at most {@link #MAX_INFERRED_CLASSES} distinct values
 * are classes, anything else is regression; if no cell is a number, the cells are class names; a column that
 * mixes numbers and other text is refused (a regression target with one "NaN" or "n/a" would otherwise become
 * as many classes as it has values) and the refusal names the first cell that is not a number;</li>
 * <li>classification: numeric classes are ordered by value (so "2" precedes "10"), names alphabetically.</li>
 * </ul>
 */
final class LabelColumn {

    /** Integer labels with at most this many distinct values are taken as classes when the task is not stated. */
    static final int MAX_INFERRED_CLASSES = 20;

    private final String name;
    private final int column;
    private final FloatChunks values = new FloatChunks();
    private final FloatChunks spellingIds = new FloatChunks();
    private final Spellings spellings = new Spellings(CsvDatasetParser.MAX_CLASSES + 1);
    private long numbers;
    private boolean integral = true;
    private String firstNonNumber;
    private long firstNonNumberLine;
    private String firstNonFinite;
    private long firstNonFiniteLine;

    LabelColumn(String name, int column) {
        this.name = name;
        this.column = column;
    }

    void add(CharSequence cell, long line) {
        double value = CsvNumber.parse(cell);
        if (Double.isNaN(value)) {
            if (firstNonNumber == null) {
                firstNonNumber = cell.toString();
                firstNonNumberLine = line;
            }
        } else {
            numbers++;
            if (!CsvDatasetParser.isFloat32(value) && firstNonFinite == null) {
                firstNonFinite = cell.toString();
                firstNonFiniteLine = line;
            }
            integral &= CsvDatasetParser.isFloat32(value) && value == Math.rint(value);
        }
        values.add((float) value);
        spellingIds.add(spellings.idOf(cell, line));
    }

    /** @param stated the task the client stated, or null to infer it */
    Task task(Task stated) {
        if (stated == Task.REGRESSION || (stated == null && firstNonNumber == null && !fewIntegers())) {
            if (firstNonNumber != null) {
                throw new CsvFormatException(firstNonNumberLine, column, "'" + CsvDatasetParser.abbreviate(firstNonNumber)
                        + "' in label column '" + name + "' is not a number: a regression target must be one");
            }
            if (firstNonFinite != null) {
                throw new CsvFormatException(firstNonFiniteLine, column, "'" + CsvDatasetParser.abbreviate(firstNonFinite)
                        + "' in label column '" + name + "' is beyond float32's range (magnitude at most "
                        + Float.MAX_VALUE + ")");
            }
            return Task.REGRESSION;
        }
        if (stated == null && firstNonNumber != null && numbers > 0) {
            throw new CsvFormatException(firstNonNumberLine, column, "label column '" + name + "' holds numbers but "
                    + "'" + CsvDatasetParser.abbreviate(firstNonNumber) + "' is not one: state task=regression (and "
                    + "fix the cell) or task=classification (every value a class name)");
        }
        return Task.CLASSIFICATION;
    }

    private boolean fewIntegers() {
        return integral && !spellings.overflowed() && classNames(spellings.names()).size() <= MAX_INFERRED_CLASSES;
    }

    /** For regression, the targets; for classification, the class names (numeric ones by value) and indices. */
    Labels labels(Task task) {
        if (task == Task.REGRESSION) {
            return new Labels(List.of(), i -> values.get(i));
        }
        List<String> names = spellings.names();
        if (spellings.overflowed() || classNames(names).size() > CsvDatasetParser.MAX_CLASSES) {
            throw new CsvFormatException(0, column, "classification takes at most " + CsvDatasetParser.MAX_CLASSES
                    + " classes, '" + name + "' holds more");
        }
        for (int id = 0; id < names.size(); id++) {
            if (names.get(id).length() > CsvDatasetParser.MAX_CLASS_NAME_LENGTH) {
                throw new CsvFormatException(spellings.firstLine(id), column, "class name '"
                        + CsvDatasetParser.abbreviate(names.get(id)) + "' is longer than "
                        + CsvDatasetParser.MAX_CLASS_NAME_LENGTH + " characters");
            }
        }
        List<String> classes = classNames(names);
        if (classes.size() < 2) {
            throw new CsvFormatException(0, column, "classification needs at least 2 classes in '" + name + "', found "
                    + classes);
        }
        int[] classOf = new int[names.size()];
        for (int id = 0; id < names.size(); id++) {
            classOf[id] = numeric() ? indexOfValue(classes, names.get(id)) : classes.indexOf(names.get(id));
        }
        return new Labels(classes, i -> classOf[(int) spellingIds.get(i)]);
    }

    /** Distinct spellings as classes: numbers by value, a value's first spelling naming it; names sorted. */
    private List<String> classNames(List<String> names) {
        List<String> classes = new ArrayList<>();
        if (numeric()) {
            names.stream().sorted(Comparator.comparingDouble(CsvNumber::parse)).forEach(spelling -> {
                if (classes.isEmpty() || CsvNumber.parse(classes.get(classes.size() - 1)) != CsvNumber.parse(spelling)) {
                    classes.add(spelling);
                }
            });
        } else {
            names.stream().sorted().forEach(classes::add);
        }
        return classes;
    }

    private static int indexOfValue(List<String> classes, String spelling) {
        double value = CsvNumber.parse(spelling);
        for (int k = 0; k < classes.size(); k++) {
            if (CsvNumber.parse(classes.get(k)) == value) {
                return k;
            }
        }
        throw new IllegalStateException("no class for " + spelling);
    }

    private boolean numeric() {
        return firstNonNumber == null;
    }

    /** The class names (empty for regression) and each row's label. */
    record Labels(List<String> classNames, java.util.function.IntToDoubleFunction y) {
    }

    /**
     * Distinct spellings, looked up by their characters so a cell becomes a string only the first time it is
     * seen. Past {@code capacity} spellings it stops (the column then cannot be classes) and answers -1.
     */
    private static final class Spellings {

        private final int capacity;
        private final String[] table;
        private final int[] ids;
        private final List<String> names = new ArrayList<>();
        private final List<Long> firstLines = new ArrayList<>();
        private boolean overflowed;

        Spellings(int capacity) {
            this.capacity = capacity;
            this.table = new String[Integer.highestOneBit(capacity * 4)];
            this.ids = new int[table.length];
        }

        int idOf(CharSequence cell, long line) {
            if (overflowed) {
                return -1;
            }
            int mask = table.length - 1;
            for (int slot = hash(cell) & mask; ; slot = (slot + 1) & mask) {
                if (table[slot] == null) {
                    if (names.size() == capacity) {
                        overflowed = true;
                        return -1;
                    }
                    table[slot] = cell.toString();
                    ids[slot] = names.size();
                    names.add(table[slot]);
                    firstLines.add(line);
                    return ids[slot];
                }
                if (table[slot].contentEquals(cell)) {
                    return ids[slot];
                }
            }
        }

        /** String's hash, computed on any character sequence (a StringBuilder's own is its identity). */
        private static int hash(CharSequence s) {
            int h = 0;
            for (int i = 0; i < s.length(); i++) {
                h = 31 * h + s.charAt(i);
            }
            return h ^ (h >>> 16);
        }

        boolean overflowed() {
            return overflowed;
        }

        List<String> names() {
            return names;
        }

        long firstLine(int id) {
            return firstLines.get(id);
        }
    }
}
