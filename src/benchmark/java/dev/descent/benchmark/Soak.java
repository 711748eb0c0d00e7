package dev.descent.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak test, outside the test suite: a server in its own JVM (default settings, H2 file database in a temporary
 * directory, listening on 127.0.0.1 only) under {@code --clients} (8) {@link SoakClient}s for {@code --minutes}
 * (30), stopped with SIGTERM half-way and started again on the same data directory (and, with {@code --sigkill},
 * killed at three quarters and started again). Then the jobs are read back ({@link SoakVerdict}) and a summary
 * printed: jobs lost, jobs failed, steps lost or duplicated, leases lapsed, 5xx answers, unexpected answers and the
 * slope of the server's resident set after {@code --warmup-minutes} of each server lifetime ({@link
 * ResidentSetTrend}). Exits 1 when an invariant fails, keeping the data directory and the server's log; docs/soak.md
 * says what each line means.
 * Run: {@code ./mvnw -q test-compile exec:java@soak -Dexec.args="--minutes 30 --clients 8"}.
 */
public final class Soak {

    private static final long SAMPLE_SECONDS = 5;
    private static final ThreadFactory DAEMONS = task -> {
        Thread thread = new Thread(task, "soak");
        thread.setDaemon(true);
        return thread;
    };

    private Soak() {
    }

    public static void main(String[] args) throws InterruptedException {
        CommandLine options = new CommandLine(args);
        double minutes = options.doubleValue("--minutes", 30);
        int clients = options.intValue("--clients", 8);
        int seed = options.intValue("--seed", 1);
        boolean sigkill = options.flag("--sigkill");
        double warmupMinutes = options.doubleValue("--warmup-minutes", Math.min(5, minutes / 6));
        long drainSeconds = options.intValue("--drain-seconds", 180);
        System.out.printf("descent soak: %.1f min, %d clients, seed %d, a SIGTERM restart half-way%s; load average %s%n",
                minutes, clients, seed, sigkill ? " and a SIGKILL at three quarters" : "", Benchmark.loadAverage());

        AtomicReference<ServerProcess> server = new AtomicReference<>(ServerProcess.start(List.of(
                "--server.address=127.0.0.1")));
        long start = System.nanoTime(); // the run's minutes count from the server's readiness
        long deadline = start + (long) (minutes * 60e9);
        SoakHttp http = new SoakHttp(server.get().baseUrl());
        SoakLedger ledger = new SoakLedger();
        ResidentSetTrend rss = new ResidentSetTrend();
        ScheduledExecutorService background = Executors.newScheduledThreadPool(2, DAEMONS);
        AtomicLong lifetimeStart = new AtomicLong(start);
        background.scheduleAtFixedRate(() -> {
            long bytes = server.get().residentBytes();
            if (!http.serverDown() && bytes > 0) {
                rss.add(http.restarts(), (System.nanoTime() - lifetimeStart.get()) / 60e9, bytes / (double) (1 << 20));
            }
        }, 0, SAMPLE_SECONDS, TimeUnit.SECONDS);

        ExecutorService pool = Executors.newFixedThreadPool(clients, DAEMONS);
        for (int c = 0; c < clients; c++) {
            pool.execute(new SoakClient(http, ledger, seed * 1000L + c, deadline, background));
        }
        pool.shutdown();
        List<String> restarts = new ArrayList<>();
        boolean passed = false;
        try {
            restarts.add(restart(server, http, lifetimeStart, start, (deadline - start) / 2, false));
            if (sigkill) {
                restarts.add(restart(server, http, lifetimeStart, start, (deadline - start) * 3 / 4, true));
            }
            if (!pool.awaitTermination(Math.max(0, deadline - System.nanoTime()) + TimeUnit.MINUTES.toNanos(2),
                    TimeUnit.NANOSECONDS)) {
                ledger.unexpected("clients still busy two minutes after the end of the run");
            }
            System.out.printf("%nclients stopped after %.1f min; draining and checking every accepted job%n",
                    (System.nanoTime() - start) / 60e9);
            SoakVerdict verdict = SoakVerdict.check(http, ledger, drainSeconds);
            background.shutdownNow();
            passed = SoakSummary.print(http, ledger, verdict, rss, warmupMinutes, restarts, sigkill);
        } finally { // a soak that broke off (a restart that never got ready, say) stops its server too
            if (passed) {
                server.get().close();
            } else {
                server.get().stop();
                System.out.println("kept for a look: " + server.get().dataDir() + " (server.log, the H2 database)");
            }
        }
        System.exit(passed ? 0 : 1);
    }

    /** At {@code afterNanos} into the run, stops the server (SIGTERM, or SIGKILL) and starts it again; says how. */
    private static String restart(AtomicReference<ServerProcess> server, SoakHttp http, AtomicLong lifetimeStart,
                                  long start, long afterNanos, boolean killed) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(Math.max(0, start + afterNanos - System.nanoTime()));
        long down = System.nanoTime();
        http.serverDown(true);
        server.set(server.get().restart(killed));
        lifetimeStart.set(System.nanoTime());
        http.serverDown(false);
        String how = String.format("%s at %.1f min (away %.0f s)", killed ? "SIGKILL" : "SIGTERM",
                (down - start) / 60e9, (lifetimeStart.get() - down) / 1e9);
        System.out.println("restarted: " + how);
        return how;
    }
}
