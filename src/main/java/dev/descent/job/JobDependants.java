package dev.descent.job;

import dev.descent.dataset.DatasetDependants;
import dev.descent.optim.schedule.RefinedSchedule;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.UUID;

/**
 * The jobs that will still read a record when they run: queued, running, or cancelled with a checkpoint (they can be
 * resumed). A job reads its dataset, the job it warm-starts from ({@code model.initFrom}) and the job whose gradient
 * norms its refined schedule is shaped by; deleting any of them first would fail it later with an internal error.
 */
@Component
class JobDependants implements DatasetDependants {

    private final JobRepository jobs;
    private final JsonMapper json;

    JobDependants(JobRepository jobs, JsonMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Override
    public List<UUID> jobsUsing(String datasetId) {
        return jobs.findMayRunOnDataset(datasetId);
    }

    /** The jobs that warm-start from this one or refine their schedule from its gradient norms. */
    List<UUID> readingFrom(UUID source) {
        // the specs that mention the id, then those that refer to it as a source (not, say, in their name)
        return jobs.findMayRunWithSpecLike("%" + source + "%").stream()
                .filter(job -> !job.getId().equals(source)
                        && readsFrom(json.readValue(job.getSpec(), JobSpec.class), source))
                .map(Job::getId)
                .toList();
    }

    private static boolean readsFrom(JobSpec spec, UUID source) {
        return source.equals(spec.model().initFrom())
                || RefinedSchedule.sourceOf(spec.training().schedule()).filter(source::equals).isPresent();
    }
}
