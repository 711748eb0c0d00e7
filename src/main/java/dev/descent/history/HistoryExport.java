package dev.descent.history;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;

import java.io.BufferedWriter;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * Writes a job's recorded history as CSV or JSON a page of rows at a time, so a history of millions of steps is
 * never held in memory. Column names are the curve metric ids.
 */
@Service
public class HistoryExport {

    public enum Format { CSV, JSON }

    /**
     * What a row is: a step, an epoch, or one diagnostic value (a metric's value after a step, for a layer or 0).
     * Pages follow the key columns, the first of which is the step or epoch.
     */
    public enum Level {
        STEP("step_metrics", List.of("step", "epoch", "loss", "learning_rate", "gradient_norm", "gradient_l1_norm"),
                1),
        EPOCH("epoch_metrics", List.of("epoch", "steps", "train_loss", "train_accuracy", "validation_loss",
                "validation_accuracy", "validation_rmse", "validation_r2", "learning_rate", "gradient_norm",
                "duration_millis", "samples_per_second", "recorded_at"), 1),
        DIAGNOSTIC("diagnostic_metrics", List.of("step", "metric", "layer", "epoch", "metric_value"), 3);

        private final String table;
        private final List<String> columns;
        private final int keyColumns;

        Level(String table, List<String> columns, int keyColumns) {
            this.table = table;
            this.columns = columns;
            this.keyColumns = keyColumns;
        }
    }

    private final HeavyReads reads;

    public HistoryExport(HeavyReads reads) {
        this.reads = reads;
    }

    /**
     * Reads the rows a page of descent.reads.fetch-rows at a time, each page in a query of its own, and writes a page
     * only once its query has returned its connection: a client that reads slowly, or not at all, holds no database
     * connection while the server waits for it (how long it may stall is the web server's write timeout). Rows
     * recorded after the export began are left out.
     */
    public void write(UUID jobId, Level level, Format format, OutputStream out) {
        List<String> columns = level.columns;
        List<String> keys = columns.subList(0, level.keyColumns);
        String key = columns.get(0);
        String sql = "select " + String.join(", ", columns) + " from " + level.table + " where job_id = ? and ("
                + String.join(", ", keys) + ") > (" + String.join(", ", keys.stream().map(k -> "?").toList())
                + ") and " + key + " <= ? order by " + String.join(", ", keys) + " limit ?";
        CharArrayWriter page = new CharArrayWriter(1 << 16);
        RowWriter rows = format == Format.CSV ? new CsvRows(page, columns) : new JsonRows(page, columns);
        Writer client = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        JdbcTemplate jdbc = reads.jdbc();
        int pageRows = reads.fetchRows();
        Long lastKey = jdbc.queryForObject("select max(" + key + ") from " + level.table + " where job_id = ?",
                Long.class, jobId);
        // before every row: the smallest step, then the smallest metric id and layer
        Object[] after = level.keyColumns == 1 ? new Object[]{Long.MIN_VALUE} : new Object[]{Long.MIN_VALUE, "", -1};
        long[] read = new long[1];
        try {
            while (lastKey != null) {
                read[0] = 0;
                Object[] arguments = new Object[after.length + 3];
                arguments[0] = jobId;
                System.arraycopy(after, 0, arguments, 1, after.length);
                arguments[after.length + 1] = lastKey;
                arguments[after.length + 2] = pageRows;
                jdbc.query(sql, (RowCallbackHandler) row -> {
                    rows.row(row);
                    for (int k = 0; k < after.length; k++) {
                        after[k] = row.getObject(k + 1);
                    }
                    read[0]++;
                }, arguments);
                page.writeTo(client);
                page.reset();
                if (read[0] < pageRows) {
                    break;
                }
            }
            rows.end();
            page.writeTo(client);
            client.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private abstract static class RowWriter {
        final Writer out;
        final List<String> columns;

        RowWriter(Writer out, List<String> columns) {
            this.out = out;
            this.columns = columns;
        }

        abstract void write(ResultSet row) throws IOException, SQLException;

        abstract void finish() throws IOException;

        void row(ResultSet row) throws SQLException {
            try {
                write(row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void end() {
            try {
                finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A number as JSON and CSV both read it, or null; doubles keep every digit. */
        static String value(ResultSet row, int column) throws SQLException {
            Object value = row.getObject(column);
            if (value == null) {
                return null;
            }
            if (value instanceof Number number) {
                double d = number.doubleValue();
                return value instanceof Double || value instanceof Float
                        ? (Double.isFinite(d) ? Double.toString(d) : null) : value.toString();
            }
            return null;
        }
    }

    private static final class CsvRows extends RowWriter {
        private boolean header;

        CsvRows(Writer out, List<String> columns) {
            super(out, columns);
        }

        @Override
        void write(ResultSet row) throws IOException, SQLException {
            writeHeader();
            for (int c = 1; c <= columns.size(); c++) {
                if (c > 1) {
                    out.write(',');
                }
                String value = text(row, c, columns.get(c - 1));
                out.write(value == null ? "" : value);
            }
            out.write('\n');
        }

        @Override
        void finish() throws IOException {
            writeHeader();
        }

        private void writeHeader() throws IOException {
            if (!header) {
                out.write(String.join(",", columns));
                out.write('\n');
                header = true;
            }
        }
    }

    private static final class JsonRows extends RowWriter {
        private boolean first = true;

        JsonRows(Writer out, List<String> columns) {
            super(out, columns);
        }

        @Override
        void write(ResultSet row) throws IOException, SQLException {
            out.write(first ? "[\n{" : ",\n{");
            first = false;
            for (int c = 1; c <= columns.size(); c++) {
                String name = columns.get(c - 1);
                boolean text = name.equals("recorded_at") || name.equals("metric");
                String value = text(row, c, name);
                out.write((c > 1 ? "," : "") + '"' + name + "\":"
                        + (value == null ? "null" : text ? '"' + value + '"' : value));
            }
            out.write('}');
        }

        @Override
        void finish() throws IOException {
            out.write(first ? "[]\n" : "\n]\n");
        }
    }

    /** A column's value as text: times as ISO instants, metric ids as they are, numbers as {@link RowWriter#value}. */
    private static String text(ResultSet row, int column, String name) throws SQLException {
        return switch (name) {
            case "recorded_at" -> instant(row, column);
            case "metric" -> row.getString(column);
            default -> RowWriter.value(row, column);
        };
    }

    private static String instant(ResultSet row, int column) throws SQLException {
        java.time.OffsetDateTime time = row.getObject(column, java.time.OffsetDateTime.class);
        return time == null ? null : time.toInstant().toString();
    }
}
