package dev.descent.sweep;

import dev.descent.error.ConflictException;
import dev.descent.error.InvalidFieldException;
import dev.descent.error.NotFoundException;
import dev.descent.history.HistoryService;
import dev.descent.job.Job;
import dev.descent.job.JobAdmission;
import dev.descent.job.JobService;
import dev.descent.job.JobSpec;
import dev.descent.job.JobStatus;
import dev.descent.job.Trial;
import dev.descent.security.Caller;
import dev.descent.training.EpochMetrics;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Creates sweeps after validating every trial they plan, carries them on (queues their next trials, makes asha's
 * decisions), and reads, cancels and deletes them. A sweep's state lives in its row, its trials (jobs) and their
 * recorded epochs, and every change to it is made with its row locked, so any server may carry any sweep on.
 */
@Service
public class SweepService {

    private static final Logger log = LoggerFactory.getLogger(SweepService.class);

    private final SweepRepository sweeps;
    private final SweepDecisions decisions;
    private final JobService jobs;
    private final JobAdmission admission;
    private final HistoryService history;
    private final SweepLimits limits;
    private final JsonMapper json;
    private final Validator validator;
    private final Clock clock;

    SweepService(SweepRepository sweeps, SweepDecisions decisions, JobService jobs, JobAdmission admission,
                 HistoryService history, SweepLimits limits, JsonMapper json, Validator validator, Clock clock) {
        this.sweeps = sweeps;
        this.decisions = decisions;
        this.jobs = jobs;
        this.admission = admission;
        this.history = history;
        this.limits = limits;
        this.json = json;
        this.validator = validator;
        this.clock = clock;
    }

    /**
     * Validates every configuration's job spec as a submission would (422 naming {@code parameters.<path>}), admits
     * the sweep's concurrency against the caller's share of the queue, and queues its first trials.
     */
    @Transactional
    public Sweep create(SweepSpec spec, Caller caller) {
        SweepPlan plan = SweepPlan.of(spec, limits);
        for (int c = 0; c < plan.configurations(); c++) {
            trialSpec(plan, c * spec.seeds(), caller);
        }
        admission.admit(caller, spec.maxConcurrentTrials());
        Sweep sweep = sweeps.save(new Sweep(UUID.randomUUID(), spec, json.writeValueAsString(spec), plan.trials(),
                caller.user(), clock.instant()));
        log.info("sweep {} created for {}: {} of {} trials, at most {} at once", sweep.getId(), caller.user(),
                spec.method(), plan.trials(), spec.maxConcurrentTrials());
        return carryOn(sweep, plan);
    }

    /** Trial {@code trial}'s job spec, checked as a submission is; 422 naming the parameter that makes it invalid. */
    private JobSpec trialSpec(SweepPlan plan, int trial, Caller caller) {
        JobSpec spec = plan.trialSpec(trial, json);
        Map<String, Object> assignment = plan.configuration(plan.configurationOf(trial));
        Set<ConstraintViolation<JobSpec>> violations = validator.validate(spec);
        if (!violations.isEmpty()) {
            ConstraintViolation<JobSpec> first = violations.iterator().next();
            String field = first.getPropertyPath().toString();
            throw new InvalidFieldException("parameters." + SweepPlan.culprit(assignment, field), "the trial "
                    + SweepPlan.describe(assignment) + " is not a valid job: " + field + " " + first.getMessage());
        }
        try {
            jobs.check(spec, caller);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("parameters." + SweepPlan.culprit(assignment, e.field() + " "
                    + e.getMessage()), "the trial " + SweepPlan.describe(assignment) + " would be refused: "
                    + e.getMessage());
        }
        return spec;
    }

    /** Queues the sweep's next trials and makes asha's decisions; waits while another server does so for it. */
    @Transactional
    public void advance(UUID id) {
        sweeps.lockById(id).filter(sweep -> sweep.getStatus() == SweepStatus.RUNNING)
                .ifPresent(sweep -> carryOn(sweep, plan(sweep)));
    }

    /**
     * With the sweep's row locked: asha stops the trials its rungs are done with and promotes the best, promoted
     * trials resume before new ones start, and new trials fill the sweep's concurrency; a sweep with every trial
     * created and ended is over.
     */
    private Sweep carryOn(Sweep sweep, SweepPlan plan) {
        List<Job> trials = jobs.trials(sweep.getId());
        long active = trials.stream().filter(SweepService::active).count();
        if (plan.spec().method() == SweepSpec.Method.ASHA) {
            active += promote(sweep, plan, trials, sweep.getMaxConcurrentTrials() - active);
        }
        Caller owner = new Caller(sweep.getCreatedBy(), false);
        for (; active < sweep.getMaxConcurrentTrials() && sweep.getCreatedTrials() < plan.trials(); active++) {
            int number = sweep.getCreatedTrials();
            JobSpec spec = trialSpec(plan, number, owner);
            jobs.submitTrial(spec, owner, new Trial(sweep.getId(), number,
                    plan.configuration(plan.configurationOf(number))), plan.firstPause());
            sweep.trialCreated();
        }
        if (sweep.getCreatedTrials() == plan.trials()
                && jobs.trials(sweep.getId()).stream().allMatch(job -> job.getStatus().isFinished())) {
            sweep.end(SweepStatus.SUCCEEDED, null, clock.instant());
            log.info("sweep {} SUCCEEDED: {} trials", sweep.getId(), plan.trials());
        }
        // the jobs' updates above clear the persistence context: the sweep's changes are merged back
        return sweeps.save(sweep);
    }

    private static boolean active(Job job) {
        return job.getStatus() == JobStatus.QUEUED || job.getStatus() == JobStatus.RUNNING;
    }

    /** asha: records its new decisions, stops the trials it stopped, resumes at most {@code slots} promoted ones. */
    private int promote(Sweep sweep, SweepPlan plan, List<Job> trials, long slots) {
        int[] rungs = plan.rungs();
        SuccessiveHalving.Outcome outcome = new SuccessiveHalving(rungs, plan.spec().reductionFactor(),
                plan.spec().goal() == SweepSpec.Goal.MAX).replay(plan.trials(), results(trials, plan.spec().metric()));
        Map<Integer, Job> byNumber = new HashMap<>();
        trials.forEach(job -> byNumber.put(job.getTrialNumber(), job));
        decisions.record(sweep.getId(), outcome.decisions());
        // a trial may still be on its way to PAUSED (its rung's epoch recorded, its checkpoint not yet) when stopped
        for (SuccessiveHalving.Decision stop : outcome.decisions()) {
            Job job = byNumber.get(stop.trial());
            if (stop.verdict() == SuccessiveHalving.Verdict.STOP && job.getStatus() == JobStatus.PAUSED) {
                jobs.stopPaused(job.getId(), "stopped by its sweep after " + stop.epoch() + " epochs (rung "
                        + stop.rung() + "): not among the best 1/" + plan.spec().reductionFactor() + " there");
            }
        }
        int resumed = 0;
        for (SuccessiveHalving.Decision promotion : outcome.decisions()) {
            Job job = byNumber.get(promotion.trial());
            int rung = outcome.rungOf().get(promotion.trial());
            if (resumed < slots && promotion.verdict() == SuccessiveHalving.Verdict.PROMOTE
                    && promotion.rung() + 1 == rung && job.getStatus() == JobStatus.PAUSED
                    && job.getPauseAfterEpoch() != null && job.getPauseAfterEpoch() < rungs[rung]) {
                jobs.promote(job.getId(), rung < rungs.length - 1 ? rungs[rung] : null);
                resumed++;
            }
        }
        return resumed;
    }

    /** Each trial's metric after each epoch it recorded, and whether it will train no further. */
    private Map<Integer, SuccessiveHalving.TrialResults> results(List<Job> trials, String metric) {
        Map<Integer, SuccessiveHalving.TrialResults> results = new HashMap<>();
        for (Job job : trials) {
            Map<Integer, Double> byEpoch = new HashMap<>();
            for (EpochMetrics epoch : history.epochs(job.getId())) {
                Double value = Leaderboard.metric(metric, epoch);
                if (value != null) {
                    byEpoch.put(epoch.epoch(), value);
                }
            }
            results.put(job.getTrialNumber(), new SuccessiveHalving.TrialResults(byEpoch, job.getStatus().isFinished()));
        }
        return results;
    }

    /** Ends a sweep that cannot go on (a trial it was to queue is no longer valid, e.g. its dataset was deleted). */
    @Transactional
    public void fail(UUID id, String reason) {
        sweeps.lockById(id).filter(sweep -> sweep.getStatus() == SweepStatus.RUNNING).ifPresent(sweep -> {
            sweep.end(SweepStatus.FAILED, reason, clock.instant());
            log.warn("sweep {} FAILED: {}", id, reason);
        });
    }

    @Transactional(readOnly = true)
    public List<UUID> running() {
        return sweeps.findRunningIds();
    }

    private SweepPlan plan(Sweep sweep) {
        return SweepPlan.of(spec(sweep), limits);
    }

    private SweepSpec spec(Sweep sweep) {
        return json.readValue(sweep.getSpec(), SweepSpec.class);
    }

    /** The sweep, if the caller may see it: someone else's is answered like one that does not exist (404). */
    private Sweep get(UUID id, Caller caller) {
        return sweeps.findById(id).filter(sweep -> caller.mayAccess(sweep.getCreatedBy()))
                .orElseThrow(() -> new NotFoundException("sweep", id));
    }

    /** The caller's sweeps; an admin's list holds everyone's. */
    @Transactional(readOnly = true)
    public Page<SweepSummary> list(Pageable page, Caller caller) {
        return (caller.admin() ? sweeps.findAll(page) : sweeps.findByCreatedBy(caller.user(), page))
                .map(SweepSummary::of);
    }

    /** Where the sweep stands: its trials' states, leaderboard, best trial, decisions and batch-size scaling. */
    @Transactional(readOnly = true)
    public SweepReport report(UUID id, Caller caller) {
        Sweep sweep = get(id, caller);
        SweepSpec spec = spec(sweep);
        SweepPlan plan = plan(sweep);
        List<Job> trials = jobs.trials(id);
        Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
        trials.forEach(job -> byStatus.merge(job.getStatus(), 1L, Long::sum));
        List<Leaderboard.Result> results = results(trials, plan);
        List<SweepReport.Entry> leaderboard = Leaderboard.rank(results, plan);
        return new SweepReport(sweep.getId(), sweep.getName(), sweep.getStatus(), sweep.getError(), spec.method(),
                spec.metric(), spec.goal(), new SweepReport.Trials(plan.trials(), sweep.getCreatedTrials(), byStatus),
                leaderboard, Leaderboard.best(leaderboard, results, plan), decisions.list(id),
                BatchSizeScaling.of(plan.space().paths(), leaderboard), sweep.getCreatedBy(), sweep.getCreatedAt(),
                sweep.getFinishedAt(), spec);
    }

    /** The report drawn as an SVG document (see {@link SweepPlot}). */
    @Transactional(readOnly = true)
    public String plot(UUID id, Caller caller) {
        return SweepPlot.render(report(id, caller));
    }

    /**
     * The trials' results for the leaderboard: a trial that trained to its end, its metric after its last epoch; a
     * trial asha paused or stopped, its metric at the highest rung it reached.
     */
    private List<Leaderboard.Result> results(List<Job> trials, SweepPlan plan) {
        String metric = plan.spec().metric();
        int[] rungs = plan.rungs();
        return trials.stream().flatMap(job -> {
            TreeMap<Integer, Double> byEpoch = new TreeMap<>();
            history.epochs(job.getId()).forEach(epoch -> {
                Double value = Leaderboard.metric(metric, epoch);
                if (value != null && Double.isFinite(value)) {
                    byEpoch.put(epoch.epoch(), value);
                }
            });
            Integer epoch = null;
            if (job.getStatus() == JobStatus.SUCCEEDED && !byEpoch.isEmpty()) {
                epoch = byEpoch.lastKey();
            } else if (plan.spec().method() == SweepSpec.Method.ASHA) {
                for (int rung : rungs) {
                    epoch = byEpoch.containsKey(rung) ? Integer.valueOf(rung) : epoch;
                }
            }
            return epoch == null ? java.util.stream.Stream.<Leaderboard.Result>empty()
                    : java.util.stream.Stream.of(new Leaderboard.Result(job.getId(), job.getTrialNumber(),
                    plan.configurationOf(job.getTrialNumber()), epoch, byEpoch.get(epoch)));
        }).toList();
    }

    /** Cancels the sweep: it queues no more trials, and its queued, running and paused trials are cancelled. */
    @Transactional
    public SweepReport cancel(UUID id, Caller caller) {
        get(id, caller);
        Sweep sweep = sweeps.lockById(id).orElseThrow(() -> new NotFoundException("sweep", id));
        if (sweep.getStatus().isFinished()) {
            throw new ConflictException("sweep " + id + " has already finished: " + sweep.getStatus());
        }
        sweep.end(SweepStatus.CANCELLED, null, clock.instant());
        sweeps.save(sweep);
        for (Job trial : jobs.trials(id)) {
            if (!trial.getStatus().isFinished()) {
                try {
                    jobs.cancel(trial.getId(), caller);
                } catch (ConflictException finishedMeanwhile) {
                    // a worker ended the trial since it was listed: there is nothing left of it to cancel
                }
            }
        }
        log.info("sweep {} cancelled", id);
        return report(id, caller);
    }

    /** Deletes a finished sweep with its trials (each as a job is deleted: 409 if others warm-start from one). */
    @Transactional
    public void delete(UUID id, Caller caller) {
        get(id, caller);
        Sweep sweep = sweeps.lockById(id).orElseThrow(() -> new NotFoundException("sweep", id));
        if (!sweep.getStatus().isFinished()) {
            throw new ConflictException("sweep " + id + " is " + sweep.getStatus() + "; cancel it before deleting it");
        }
        List<Job> trials = jobs.trials(id);
        trials.stream().filter(trial -> !trial.getStatus().isFinished()).findFirst().ifPresent(trial -> {
            throw new ConflictException("sweep " + id + "'s trial " + trial.getTrialNumber() + " (job "
                    + trial.getId() + ") is still " + trial.getStatus() + "; retry once it has stopped");
        });
        for (Job trial : trials) {
            jobs.delete(trial.getId(), caller);
        }
        sweeps.deleteById(id);
        log.info("sweep {} deleted with its {} trials", id, trials.size());
    }
}
