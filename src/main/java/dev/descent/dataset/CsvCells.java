package dev.descent.dataset;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads a CSV cell by cell as RFC 4180 defines it: commas separate cells, CRLF (or LF, or CR) ends a record, and a
 * cell in double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one). The text is read
 * through a small buffer and each cell into one reused builder, so memory does not grow with the file; a cell is
 * bounded by {@link #MAX_CELL_CHARS} and a record by the column limit. Positions are 1-based: the line a cell
 * begins on (a quoted line break moves later cells to later lines) and its column.
 */
final class CsvCells {

    /**
     * Longer than any number, class name (64) or column name (200) a dataset may hold, so nothing valid is refused,
     * and short enough that no cell can take much memory.
     */
    static final int MAX_CELL_CHARS = 1000;

    private static final int END = -1;
    /** Some editors start UTF-8 files with one; it is not part of the first column's name. */
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final Reader in;
    private final int maxColumns;
    private final char[] buffer = new char[16 * 1024];
    private int position;
    private int limit;
    private final StringBuilder cell = new StringBuilder();
    private boolean quoted;
    private long line = 1;
    private long cellLine;
    private int column;
    private boolean recordEnded = true;
    private boolean inputEnded;
    private boolean atStart = true;

    CsvCells(Reader in, int maxColumns) {
        this.in = in;
        this.maxColumns = maxColumns;
    }

    /** Reads the next cell; false at the end of the input (an input ending in a line break has no cell after it). */
    boolean next() throws IOException {
        if (inputEnded) {
            return false;
        }
        if (recordEnded) {
            if (peek() == END) {
                inputEnded = true;
                return false;
            }
            column = 0;
            recordEnded = false;
        }
        column++;
        if (column > maxColumns) {
            throw new CsvFormatException(line, column, "more than " + maxColumns + " columns (the upload column limit)");
        }
        cell.setLength(0);
        cellLine = line;
        quoted = peek() == '"';
        if (quoted) {
            read();
            readQuoted();
        }
        while (true) {
            if (!quoted) {
                appendPlainRun();
            }
            int c = read();
            if (c == ',') {
                return true;
            }
            if (c == END || c == '\n' || c == '\r') {
                if (c == '\r' && peek() == '\n') {
                    read();
                }
                if (c != END) {
                    line++;
                }
                recordEnded = true;
                return true;
            }
            if (quoted) {
                throw new CsvFormatException(line, column, "a character after the closing quote of a quoted cell: "
                        + "a quote inside a quoted cell is written twice (\"\")");
            }
            if (c == '"') {
                throw new CsvFormatException(line, column, "a quote inside an unquoted cell: quote the whole cell "
                        + "and write the quote twice (\"\")");
            }
            append((char) c);
        }
    }

    private void readQuoted() throws IOException {
        while (true) {
            int c = read();
            if (c == END) {
                throw new CsvFormatException(cellLine, column, "unterminated quoted cell");
            }
            if (c == '"') {
                if (peek() != '"') {
                    return;
                }
                read();
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            append((char) c);
        }
    }

    /** Appends the characters up to the next comma, quote or line break that the buffer holds, in one copy. */
    private void appendPlainRun() {
        int start = position;
        while (position < limit) {
            char c = buffer[position];
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                break;
            }
            position++;
        }
        if (cell.length() + (position - start) > MAX_CELL_CHARS) {
            throw tooLong();
        }
        cell.append(buffer, start, position - start);
    }

    private void append(char c) {
        if (cell.length() == MAX_CELL_CHARS) {
            throw tooLong();
        }
        cell.append(c);
    }

    private CsvFormatException tooLong() {
        return new CsvFormatException(cellLine, column, "a cell longer than " + MAX_CELL_CHARS + " characters");
    }

    /** The cell just read, valid until the next call of {@link #next()}. */
    CharSequence cell() {
        return cell;
    }

    /** Whether the cell was written in quotes (an empty quoted cell is still empty). */
    boolean quoted() {
        return quoted;
    }

    /** Whether the cell just read was the last of its record. */
    boolean lastInRecord() {
        return recordEnded;
    }

    long line() {
        return cellLine;
    }

    int column() {
        return column;
    }

    private int peek() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position];
    }

    private int read() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position++];
    }

    private boolean fill() throws IOException {
        do {
            int n = in.read(buffer, 0, buffer.length);
            if (n < 0) {
                return false;
            }
            position = 0;
            limit = n;
            if (atStart && n > 0) {
                atStart = false;
                if (buffer[0] == BYTE_ORDER_MARK) {
                    position = 1;
                }
            }
        } while (position == limit);
        return true;
    }
}
