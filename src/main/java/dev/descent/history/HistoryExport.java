package dev.descent.history;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.BufferedWriter;
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
 * Writes a job's recorded history as CSV or JSON row by row while the database cursor moves, so a history of
 * millions of steps is never held in memory. Column names are the curve metric ids.
 */
@Service
public class HistoryExport {

    public enum Format { CSV, JSON }

    public enum Level { STEP, EPOCH }

    private static final List<String> STEP_COLUMNS =
            List.of("step", "epoch", "loss", "learning_rate", "gradient_norm", "gradient_l1_norm");
    private static final List<String> EPOCH_COLUMNS = List.of("epoch", "steps", "train_loss", "train_accuracy",
            "validation_loss", "validation_accuracy", "validation_rmse", "validation_r2", "learning_rate",
            "gradient_norm", "duration_millis", "samples_per_second", "recorded_at");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    public HistoryExport(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    public void write(UUID jobId, Level level, Format format, OutputStream out) {
        List<String> columns = level == Level.STEP ? STEP_COLUMNS : EPOCH_COLUMNS;
        String sql = "select " + String.join(", ", columns) + " from " + (level == Level.STEP ? "step_metrics" : "epoch_metrics")
                + " where job_id = ? order by " + columns.get(0);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        RowWriter rows = format == Format.CSV ? new CsvRows(writer, columns) : new JsonRows(writer, columns);
        // PostgreSQL only honours the fetch size (streams instead of reading every row first) inside a transaction
        readOnly.executeWithoutResult(status -> jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            statement.setFetchSize(1000);
            statement.setObject(1, jobId);
            return statement;
        }, (RowCallbackHandler) rows::row));
        rows.end();
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
                out.flush();
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
                String value = columns.get(c - 1).equals("recorded_at") ? instant(row, c) : value(row, c);
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
                boolean text = name.equals("recorded_at");
                String value = text ? instant(row, c) : value(row, c);
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

    private static String instant(ResultSet row, int column) throws SQLException {
        java.time.OffsetDateTime time = row.getObject(column, java.time.OffsetDateTime.class);
        return time == null ? null : time.toInstant().toString();
    }
}
