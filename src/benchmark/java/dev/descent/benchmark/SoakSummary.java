package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;

/** The soak's summary: what was done, then one line per invariant with what broke it; docs/soak.md explains each. */
final class SoakSummary {

    private final List<String> failures = new ArrayList<>();

    private SoakSummary() {
    }

    /** Prints the summary; true when every invariant held. */
    static boolean print(SoakHttp http, SoakLedger ledger, SoakVerdict verdict, ResidentSetTrend rss,
                         double warmupMinutes, List<String> restarts, boolean sigkill) {
        SoakSummary summary = new SoakSummary();
        System.out.printf("%nsoak summary; load average %s%n", Benchmark.loadAverage());
        System.out.println("restarts: " + String.join(", ", restarts));
        System.out.println("client actions: " + ledger.actions());
        System.out.printf("requests: %,d; by status %s; refused while the server restarted: %,d%n", http.requests(),
                http.byStatus(), http.refusedWhileDown());
        System.out.printf("event streams: %,d read to their end event, %,d cut by the end of the run, %,d cut "
                        + "otherwise; %,d reconnections after a restart; %,d events%n", ledger.streamsToTheEnd.sum(),
                ledger.streamsCutAtTheEnd.sum(), ledger.streamsCutOtherwise.sum(), ledger.streamsReconnected.sum(),
                ledger.events.sum());
        System.out.printf("jobs accepted: %,d; deleted by clients: %,d; at the end %s, %d of them cancelled after "
                        + "the drain; uploads deleted after their job: %,d%n", ledger.acceptedJobs().size(),
                ledger.deletedCount(), verdict.statuses, verdict.cancelledAtTheEnd, ledger.uploadsDeleted.sum());
        summary.invariant("jobs lost: " + verdict.lostCount, verdict.lostCount == 0, verdict.lost);
        summary.invariant("jobs failed: " + verdict.failedCount, verdict.failedCount == 0, verdict.failed);
        summary.invariant(String.format("steps lost: %,d, duplicated: %,d (%,d recorded steps of %,d ended jobs "
                        + "checked); epochs lost: %,d, duplicated: %,d", verdict.stepsLost, verdict.stepsDuplicated,
                verdict.stepsChecked, verdict.jobsChecked, verdict.epochsLost, verdict.epochsDuplicated),
                verdict.stepsLost + verdict.stepsDuplicated + verdict.epochsLost + verdict.epochsDuplicated == 0,
                verdict.historyFaults);
        // a graceful shutdown returns its running jobs to the queue; only a crash leaves their leases to lapse
        summary.invariant("leases lapsed: " + verdict.lostLeases + (sigkill ? " (allowed: the server was killed)"
                : ""), sigkill || verdict.lostLeases == 0, verdict.lapsed);
        summary.invariant("5xx: " + http.serverErrors(), http.serverErrors() == 0, http.serverErrorsSeen());
        summary.invariant("unanswered outside restarts: " + http.unanswered(), http.unanswered() == 0,
                http.unansweredSeen());
        summary.invariant("unexpected answers: " + ledger.unexpected(), ledger.unexpected() == 0,
                ledger.unexpectedSeen());
        summary.invariant("health at the end: " + (verdict.healthy ? "UP" : "not UP"), verdict.healthy, List.of());
        System.out.printf("RSS slope after warm-up (%.1f min of each server lifetime): %+.2f MB/min (%d samples "
                        + "every 5 s; peak %,.0f MB; last of each lifetime %s MB)%n", warmupMinutes,
                rss.slope(warmupMinutes), rss.count(), rss.peakMegabytes(), rss.lastOfEachLifetime().stream()
                        .map(mb -> String.format("%,.0f", mb)).toList());
        System.out.println("verdict: " + (summary.failures.isEmpty() ? "PASS"
                : "FAIL (" + String.join("; ", summary.failures) + ")"));
        return summary.failures.isEmpty();
    }

    private void invariant(String line, boolean holds, List<String> examples) {
        System.out.println(line);
        examples.forEach(example -> System.out.println("  - " + example));
        if (!holds) {
            failures.add(line.substring(0, line.indexOf(':')));
        }
    }
}
