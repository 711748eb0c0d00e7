package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import tools.jackson.databind.json.JsonMapper;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Fills jobs.optimizer_type (V18) for the jobs submitted before it, from each spec's optimizer.type: a spec is JSON,
 * which the two databases query differently, so it is read here rather than in SQL.
 */
public class V19__optimizer_types extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        try (Statement select = context.getConnection().createStatement();
             ResultSet rows = select.executeQuery("SELECT id, spec FROM jobs WHERE optimizer_type IS NULL");
             PreparedStatement update = context.getConnection().prepareStatement(
                     "UPDATE jobs SET optimizer_type = ? WHERE id = ?")) {
            while (rows.next()) {
                update.setString(1, json.readTree(rows.getString("spec")).path("optimizer").path("type").asString());
                update.setObject(2, rows.getObject("id"));
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
