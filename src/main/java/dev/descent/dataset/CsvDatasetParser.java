package dev.descent.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an uploaded CSV (RFC 4180, docs/datasets.md): a header row, then one example per record, every feature a
 * number of the CSV grammar ({@link CsvNumber}). The label column is named by the client; its values may be
 * numbers or class names ({@link LabelColumn}). The text is read as a stream, cell by cell, into the compact
 * stored form, so memory follows the dataset's values, not its text. Every refusal names the line and column.
 */
public final class CsvDatasetParser {

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
        this.maxRows = Math.min(maxRows, Integer.MAX_VALUE); // a dataset counts its rows in an int
        this.maxColumns = maxColumns;
    }

    /** @param task the stated task, or null to infer it from the label column */
    public EncodedDataset parse(Reader source, String labelColumn, Task task) {
        try {
            CsvCells cells = new CsvCells(source, maxColumns);
            List<String> header = header(cells);
            int labelIndex = header.indexOf(labelColumn);
            if (labelIndex < 0) {
                String columns = header.toString();
                throw new CsvFormatException(1, 0, "label column '" + labelColumn + "' is not in the header "
                        + (columns.length() <= 1000 ? columns : columns.substring(0, 1000) + "…"));
            }
            if (header.size() < 2) {
                throw new CsvFormatException(1, 0, "the header has no feature column besides the label");
            }
            List<String> featureNames = new ArrayList<>(header);
            featureNames.remove(labelIndex);

            FloatChunks x = new FloatChunks();
            LabelColumn labels = new LabelColumn(labelColumn, labelIndex + 1);
            long rows = 0;
            long recordLine = 1;
            while (cells.next()) {
                int c = cells.column() - 1;
                if (c == 0) {
                    if (cells.lastInRecord() && cells.cell().isEmpty() && !cells.quoted()) {
                        continue; // an empty line
                    }
                    if (rows >= maxRows) {
                        throw new CsvFormatException(cells.line(), 0, "more than " + maxRows
                                + " data rows (the upload row limit)");
                    }
                    rows++;
                    recordLine = cells.line();
                }
                if (c >= header.size()) {
                    while (!cells.lastInRecord()) {
                        cells.next();
                    }
                    throw ragged(recordLine, cells.column(), header.size());
                }
                if (cells.lastInRecord() && c + 1 < header.size()) {
                    throw ragged(recordLine, c + 1, header.size());
                }
                CharSequence cell = cells.cell();
                requireValue(cell, cells.line(), c + 1, header.get(c));
                if (c == labelIndex) {
                    requirePrintable(cell, cells.line(), c + 1, "label", false);
                    labels.add(cell, cells.line());
                } else {
                    x.add(parseFeature(cell, cells.line(), c + 1, header.get(c)));
                }
            }
            if (rows == 0) {
                throw new CsvFormatException(cells.line(), 0, "the file has a header but no data rows");
            }
            Task resolved = labels.task(task);
            LabelColumn.Labels y = labels.labels(resolved);
            return EncodedDataset.encode(resolved, (int) rows, featureNames, y.classNames(), x, y.y());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Column names: present, unique, without spaces around them or control characters other than the line
     * breaks and tabs a quoted cell may hold.
     */
    private List<String> header(CsvCells cells) throws IOException {
        if (!cells.next() || (cells.lastInRecord() && cells.cell().isEmpty() && !cells.quoted())) {
            throw new CsvFormatException(1, 0, "the file is empty: expected a header row and at least one data row");
        }
        List<String> header = new ArrayList<>();
        Map<String, Integer> columns = new HashMap<>();
        while (true) {
            int column = cells.column();
            String name = cells.cell().toString();
            if (name.isEmpty()) {
                throw new CsvFormatException(1, column, "column " + column + " has no name: every column needs one");
            }
            if (padded(name)) {
                throw unpadded(1, column, "column name '" + abbreviate(name) + "'");
            }
            requirePrintable(name, cells.line(), column, "column name", true);
            if (name.length() > MAX_COLUMN_NAME_LENGTH) {
                throw new CsvFormatException(1, column, "column name '" + abbreviate(name) + "' is longer "
                        + "than " + MAX_COLUMN_NAME_LENGTH + " characters");
            }
            Integer earlier = columns.putIfAbsent(name, column);
            if (earlier != null) {
                throw new CsvFormatException(1, column, "column name '" + abbreviate(name) + "' is also the name of "
                        + "column " + earlier + ": column names must be unique");
            }
            header.add(name);
            if (cells.lastInRecord()) {
                return header;
            }
            cells.next();
        }
    }

    private static CsvFormatException ragged(long line, int cells, int columns) {
        return new CsvFormatException(line, 0, "line has " + cells + " cells but the header has " + columns);
    }

    private static void requireValue(CharSequence cell, long line, int column, String columnName) {
        if (cell.isEmpty()) {
            throw new CsvFormatException(line, column, "empty cell in column '" + columnName + "'");
        }
        if (padded(cell)) {
            throw unpadded(line, column, "'" + abbreviate(cell) + "' in column '" + columnName + "'");
        }
    }

    /** RFC 4180: spaces are part of a cell. Taken as such they make a number not one, or a new class: refused. */
    private static boolean padded(CharSequence text) {
        return Character.isWhitespace(text.charAt(0)) || Character.isWhitespace(text.charAt(text.length() - 1));
    }

    private static CsvFormatException unpadded(long line, int column, String what) {
        return new CsvFormatException(line, column, what + " has spaces around it: remove them (a CSV cell's "
                + "spaces are part of its value)");
    }

    static float parseFeature(CharSequence cell, long line, int column, String columnName) {
        double value = CsvNumber.parse(cell);
        if (Double.isNaN(value)) {
            throw new CsvFormatException(line, column, "'" + abbreviate(cell) + "' in column '" + columnName
                    + "' is not a number (digits with an optional sign, decimal point and exponent, such as -1.5e3)");
        }
        if (!isFloat32(value)) {
            throw new CsvFormatException(line, column, "'" + abbreviate(cell) + "' in column '" + columnName
                    + "' is not a finite float32 number (magnitude at most " + Float.MAX_VALUE + ")");
        }
        return (float) value;
    }

    /** Whether a value is finite once stored as float32. */
    static boolean isFloat32(double value) {
        return Math.abs(value) <= Float.MAX_VALUE;
    }

    static String abbreviate(CharSequence s) {
        return s.length() <= 40 ? s.toString() : s.subSequence(0, 40) + "…";
    }

    /**
     * Names end up in the database and in people's terminals: no NUL or other control characters. Class names are
     * stored one per line, so a label may not hold a line break either.
     */
    private static void requirePrintable(CharSequence text, long line, int column, String what, boolean lineBreaks) {
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (Character.isISOControl(ch) && !(lineBreaks && (ch == '\n' || ch == '\r' || ch == '\t'))) {
                throw new CsvFormatException(line, column, "the " + what + " '" + abbreviate(text)
                        + "' holds a control character" + (ch == '\n' || ch == '\r' ? " (a line break)" : "")
                        + ": is this a text CSV file?");
            }
        }
    }
}
