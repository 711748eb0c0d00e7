package dev.descent.job;

import dev.descent.error.InvalidFieldException;
import dev.descent.history.HistoryService;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.ScheduleContext;
import dev.descent.security.Caller;
import dev.descent.training.Trainer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;

/**
 * Lays a schedule out as a job's trainer would build it: the same base rate (the batch-size scaling rule included),
 * the same schedule object, a refined schedule reading the same recorded gradient norms, checked as a submission is.
 */
@Service
public class SchedulePreviews {

    private final JobService jobs;
    private final HistoryService history;

    SchedulePreviews(JobService jobs, HistoryService history) {
        this.jobs = jobs;
        this.history = history;
    }

    @Transactional(readOnly = true)
    public SchedulePreview.Rates rates(SchedulePreview.Request request, Caller caller) {
        jobs.checkRefinedSchedule(request.schedule(), "schedule", "unit", request.unit(), caller);
        if (request.referenceBatchSize() != null && request.batchSize() == null) {
            throw new InvalidFieldException("batchSize", "the batch-size scaling rule needs the run's batch size "
                    + "beside referenceBatchSize");
        }
        boolean adamType = request.optimizer().adamType();
        double baseRate = request.optimizer().learningRate() * Trainer.batchSizeScale(request.referenceBatchSize(),
                request.batchSize() != null ? request.batchSize() : 1, adamType);
        Schedule schedule = request.schedule().create(baseRate, request.units(),
                new ScheduleContext(adamType, history::gradientNorms, () -> false));
        List<Double> rates = new ArrayList<>(request.units());
        for (int t = 0; t < request.units(); t++) {
            rates.add(schedule.rate(t));
        }
        return new SchedulePreview.Rates(request.unit(), baseRate, rates);
    }
}
