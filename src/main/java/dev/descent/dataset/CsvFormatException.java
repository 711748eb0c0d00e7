package dev.descent.dataset;

/** A CSV that cannot become a dataset; {@code line} and {@code column} are 1-based, 0 when not applicable. */
public class CsvFormatException extends RuntimeException {

    private final long line;
    private final int column;

    public CsvFormatException(long line, int column, String reason) {
        super(reason);
        this.line = line;
        this.column = column;
    }

    public long line() {
        return line;
    }

    public int column() {
        return column;
    }
}
