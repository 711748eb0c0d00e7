package dev.descent.watch;

import dev.descent.error.InvalidFieldException;
import dev.descent.history.Curve;
import dev.descent.history.CurveAxis;
import dev.descent.history.CurveMetric;
import dev.descent.history.DownsampleMethod;
import dev.descent.history.HeavyReads;
import dev.descent.history.HistoryService;
import dev.descent.job.Job;
import dev.descent.job.JobService;
import dev.descent.security.Caller;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Compares runs: their curves aligned on steps or epochs, and the spec settings they differ in. */
@Service
public class RunComparisons {

    /** Most runs one comparison or plot may hold: each costs a curve query. */
    public static final int MAX_RUNS = 20;

    private final JobService jobs;
    private final HistoryService history;
    private final JsonMapper json;
    private final HeavyReads reads;

    public RunComparisons(JobService jobs, HistoryService history, JsonMapper json, HeavyReads reads) {
        this.jobs = jobs;
        this.history = history;
        this.json = json;
        this.reads = reads;
    }

    /**
     * @throws dev.descent.error.NotFoundException a job that does not exist
     * @throws InvalidFieldException               no job, or more than {@link #MAX_RUNS}
     * @throws dev.descent.error.ReadsBusyException  every slot for heavy reads is taken
     */
    public RunComparison compare(List<UUID> jobIds, CurveMetric metric, CurveAxis by, int maxPoints,
                                 DownsampleMethod method, double smoothing, Caller caller) {
        List<UUID> ids = jobIds.stream().distinct().toList();
        if (ids.isEmpty() || ids.size() > MAX_RUNS) {
            throw new InvalidFieldException("jobs", "give 1 to " + MAX_RUNS + " job ids, was " + ids.size());
        }
        List<Job> found = ids.stream().map(id -> jobs.get(id, caller)).toList();
        List<RunComparison.Run> runs = new ArrayList<>();
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        try (HeavyReads.Permit permit = reads.admit()) {
            for (Job job : found) {
                UUID id = job.getId();
                Curve curve = history.curve(id, metric, maxPoints, method, smoothing, by);
                runs.add(new RunComparison.Run(id, job.getName(), job.getStatus().name(), curve.totalPoints(),
                        curve.points()));
                specs.put(id.toString(), json.readTree(job.getSpec()));
            }
        }
        return new RunComparison(metric.id(), by.id(), runs, SpecDifference.between(specs));
    }
}
