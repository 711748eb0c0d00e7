package dev.descent.benchmark;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The soak's end, read back from the API: the jobs still queued or running are given time to end (then cancelled,
 * and given time again); every accepted job the clients did not delete must then exist and have ended (else it is
 * lost), and every ended job's step history must be exactly 1..N (N its recorded steps; for a job that succeeded,
 * all its planned steps) and its epochs 1..E.
 */
final class SoakVerdict {

    private static final Set<String> ACTIVE = Set.of("QUEUED", "RUNNING");
    private static final int EXAMPLES_KEPT = 20;

    final Map<String, Integer> statuses = new TreeMap<>();
    final List<String> lost = new ArrayList<>();
    final List<String> failed = new ArrayList<>();
    final List<String> historyFaults = new ArrayList<>();
    final List<String> lapsed = new ArrayList<>();
    long lostLeases;
    int lostCount;
    int failedCount;
    int cancelledAtTheEnd;
    int jobsChecked;
    long stepsChecked;
    long stepsLost;
    long stepsDuplicated;
    long epochsLost;
    long epochsDuplicated;
    boolean healthy;

    private SoakVerdict() {
    }

    static SoakVerdict check(SoakHttp http, SoakLedger ledger, long drainSeconds) throws InterruptedException {
        SoakVerdict verdict = new SoakVerdict();
        List<String> jobs = ledger.acceptedJobs().stream().filter(id -> !ledger.wasDeleted(id)).toList();
        List<String> active = awaitEnd(http, jobs, drainSeconds);
        for (String id : active) {
            http.post("/api/v1/jobs/" + id + "/cancel", "");
        }
        verdict.cancelledAtTheEnd = active.size();
        awaitEnd(http, active, drainSeconds);
        for (String id : jobs) {
            verdict.checkJob(http, id);
        }
        for (String id : ledger.acceptedJobs()) {
            if (ledger.wasDeleted(id)) {
                http.get("/api/v1/jobs/" + id).filter(answer -> answer.status() != 404).ifPresent(answer ->
                        ledger.unexpected("GET /jobs/" + id + " of a deleted job → " + answer.status()));
            }
        }
        verdict.healthy = http.get("/actuator/health").map(answer -> answer.status() == 200
                && "UP".equals(answer.json().path("status").asString())).orElse(false);
        return verdict;
    }

    /** Waits until none of {@code jobs} is queued or running, or the time is up; returns those that still are. */
    private static List<String> awaitEnd(SoakHttp http, List<String> jobs, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> active = jobs;
        do {
            active = active.stream().filter(id -> status(http, id).map(ACTIVE::contains).orElse(false)).toList();
            if (active.isEmpty()) {
                break;
            }
            Thread.sleep(2000);
        } while (System.nanoTime() < deadline);
        return active;
    }

    private static Optional<String> status(SoakHttp http, String id) {
        return http.get("/api/v1/jobs/" + id).filter(answer -> answer.status() == 200)
                .map(answer -> answer.json().path("status").asString());
    }

    private void checkJob(SoakHttp http, String id) {
        Optional<SoakHttp.Answer> answer = http.get("/api/v1/jobs/" + id);
        if (answer.isEmpty() || answer.get().status() != 200) {
            lostCount++;
            keep(lost, id + ": " + answer.map(a -> "answers " + a.status()).orElse("no answer"));
            return;
        }
        JsonNode job = answer.get().json();
        String status = job.path("status").asString();
        statuses.merge(status, 1, Integer::sum);
        if (ACTIVE.contains(status)) {
            lostCount++;
            keep(lost, id + ": still " + status + " after the drain and a cancel");
            return;
        }
        if (status.equals("FAILED")) {
            failedCount++;
            keep(failed, id + ": " + job.path("statusReason").asString());
        }
        long lapses = job.path("lostLeases").asLong();
        if (lapses > 0) {
            lostLeases += lapses;
            keep(lapsed, id + ": " + lapses + " lost lease(s), attempt " + job.path("attempts").asInt() + ", " + status);
        }
        JsonNode progress = job.path("progress");
        long steps = progress.path("steps").asLong();
        long planned = status.equals("SUCCEEDED") && progress.path("totalSteps").isNumber()
                && !job.path("statusReason").isString() ? progress.path("totalSteps").asLong() : steps;
        checkSequence(id, "step", stepColumn(http, id), Math.max(steps, planned), true);
        checkSequence(id, "epoch", epochColumn(http, id), progress.path("epoch").asLong(), false);
        jobsChecked++;
    }

    /** Counts what of 1..n is missing from {@code seen} or in it twice, and anything beyond n as duplicated. */
    private void checkSequence(String id, String what, List<Long> seen, long n, boolean steps) {
        BitSet present = new BitSet();
        long duplicated = 0;
        for (long value : seen) {
            if (value < 1 || value > n || present.get((int) value)) {
                duplicated++;
            } else {
                present.set((int) value);
            }
        }
        long missing = n - present.cardinality();
        if (missing > 0 || duplicated > 0) {
            keep(historyFaults, id + ": " + what + "s 1.." + n + ": " + missing + " missing, " + duplicated
                    + " duplicated or beyond");
        }
        if (steps) {
            stepsChecked += seen.size();
            stepsLost += missing;
            stepsDuplicated += duplicated;
        } else {
            epochsLost += missing;
            epochsDuplicated += duplicated;
        }
    }

    private List<Long> stepColumn(SoakHttp http, String id) {
        List<Long> steps = new ArrayList<>();
        http.get("/api/v1/jobs/" + id + "/history/export?format=csv&level=step").filter(a -> a.status() == 200)
                .ifPresent(answer -> answer.body().lines().skip(1).filter(line -> !line.isBlank())
                        .forEach(line -> steps.add(Long.parseLong(line.substring(0, line.indexOf(','))))));
        return steps;
    }

    private List<Long> epochColumn(SoakHttp http, String id) {
        List<Long> epochs = new ArrayList<>();
        http.get("/api/v1/jobs/" + id + "/history").filter(a -> a.status() == 200)
                .ifPresent(answer -> answer.json().forEach(epoch -> epochs.add(epoch.path("epoch").asLong())));
        return epochs;
    }

    private void keep(List<String> list, String what) {
        if (list.size() < EXAMPLES_KEPT) {
            list.add(what);
        }
    }
}
