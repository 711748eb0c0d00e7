package dev.descent.sweep;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** ASHA's recorded decisions, at most one per trial and rung; written under the sweep's row lock. */
@Component
class SweepDecisions {

    private final JdbcTemplate jdbc;

    SweepDecisions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the decisions not recorded yet. */
    void record(UUID sweepId, List<SuccessiveHalving.Decision> decisions) {
        Set<String> recorded = new HashSet<>(jdbc.queryForList("select trial_number || ':' || rung "
                + "from sweep_decisions where sweep_id = ?", String.class, sweepId));
        List<SuccessiveHalving.Decision> added = decisions.stream()
                .filter(d -> !recorded.contains(d.trial() + ":" + d.rung())).toList();
        for (SuccessiveHalving.Decision d : added) {
            jdbc.update("insert into sweep_decisions (sweep_id, trial_number, rung, position, epoch, metric, decision) "
                            + "values (?, ?, ?, ?, ?, ?, ?)", sweepId, d.trial(), d.rung(), d.position(), d.epoch(),
                    d.metric(), d.verdict().name().toLowerCase());
        }
    }

    /** In the order they apply: by rung, then by each result's place in its rung's order. */
    List<SweepReport.Decision> list(UUID sweepId) {
        return jdbc.query("select trial_number, rung, epoch, metric, decision from sweep_decisions where sweep_id = ? "
                        + "order by rung, position, trial_number",
                (rs, row) -> new SweepReport.Decision(rs.getInt(1), rs.getInt(2), rs.getInt(3),
                        rs.getObject(4) != null ? rs.getDouble(4) : null, rs.getString(5)), sweepId);
    }
}
