package dev.descent.benchmark;

import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * ASHA against the full grid on digits, both as sweeps over HTTP on one server: the same 27 configurations of
 * learning rate, batch size and width, up to {@code --sweep-epochs} (27) epochs each, ASHA's first rung after
 * {@code --sweep-min-epochs} (3). Prints each sweep's best
 * validation accuracy and the epochs its trials trained, against the bar: ASHA within 0.5 percentage points of the
 * grid's best while training at most a third of the grid's epochs.
 * Run: {@code ./mvnw -q test-compile exec:java@benchmark -Dexec.args="--sweeps"}.
 */
final class SweepBar {

    private static final String SWEEP = """
            {"name": "digits-%1$s",
             "base": {"dataset": {"id": "digits"}, "model": {"hiddenLayers": [{"units": 32}]},
                      "optimizer": {"type": "sgd", "learningRate": 0.03, "momentum": 0.9},
                      "training": {"epochs": %2$d, "batchSize": 64, "seed": 1}},
             "parameters": {"optimizer.learningRate": {"values": [0.003, 0.03, 0.3]},
                            "training.batchSize": {"values": [16, 64, 256]},
                            "model.hiddenLayers[0].units": {"values": [8, 32, 128]}},
             "method": "%1$s", "maxTrials": 27, "maxConcurrentTrials": 2, "reductionFactor": 3, "minEpochs": %3$d,
             "metric": "validation_accuracy", "goal": "max", "seed": 1}""";

    private SweepBar() {
    }

    static void run(CommandLine options) throws InterruptedException {
        int epochs = options.intValue("--sweep-epochs", 27);
        // rungs after 3, 9 and 27 epochs: one epoch of digits says little about a rate that pays off later
        int minEpochs = options.intValue("--sweep-min-epochs", 3);
        System.out.printf("descent benchmark --sweeps: digits, 27 configurations (γ 0.003/0.03/0.3 × batch 16/64/256 × "
                + "width 8/32/128), SGD momentum 0.9, up to %d epochs, asha η 3 from %d epochs; load average %s%n", epochs, minEpochs,
                Benchmark.loadAverage());
        try (ServerProcess server = ServerProcess.start(List.of("--descent.executor.workers=2",
                "--logging.level.root=WARN"))) {
            Outcome grid = sweep(server, "grid", epochs, minEpochs);
            Outcome asha = sweep(server, "asha", epochs, minEpochs);
            double gap = grid.best() - asha.best();
            double share = (double) asha.epochs() / grid.epochs();
            System.out.printf("%nsweeps: grid best %.2f%% in %d epochs (%.0f s); asha best %.2f%% in %d epochs "
                    + "(%.0f s): %.2f points below the grid, %.2f of its epochs (bar ≤ 0.5 points at ≤ 1/3 of the "
                    + "epochs: %s)%n", 100 * grid.best(), grid.epochs(), grid.seconds(), 100 * asha.best(),
                    asha.epochs(), asha.seconds(), 100 * gap, share, gap <= 0.005 && share <= 1.0 / 3 ? "met" : "NOT met");
        }
    }

    private record Outcome(double best, long epochs, double seconds) {
    }

    private static Outcome sweep(ServerProcess server, String method, int epochs, int minEpochs)
            throws InterruptedException {
        long start = System.nanoTime();
        JsonNode submitted = ApiRun.post(server, "/api/v1/sweeps", SWEEP.formatted(method, epochs, minEpochs));
        if (!submitted.path("id").isString()) {
            throw new IllegalStateException("the benchmark's sweep was refused: " + submitted);
        }
        String id = submitted.path("id").asString();
        JsonNode sweep;
        do {
            Thread.sleep(1000);
            sweep = ApiRun.get(server, "/api/v1/sweeps/" + id);
        } while ("RUNNING".equals(sweep.path("status").asString()));
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!"SUCCEEDED".equals(sweep.path("status").asString())) {
            throw new IllegalStateException("benchmark sweep ended " + sweep);
        }
        long trained = 0;
        for (JsonNode trial : ApiRun.get(server, "/api/v1/jobs?sweep=" + id + "&size=200").path("items")) {
            trained += trial.path("progress").path("epoch").asLong();
        }
        JsonNode best = sweep.path("best");
        System.out.printf("%s: best %.2f%% after %d epochs, %s; %d trials trained %d epochs in %.0f s%n", method,
                100 * best.path("metric").asDouble(), best.path("epochs").asInt(), best.path("parameters"),
                sweep.path("trials").path("created").asInt(), trained, seconds);
        return new Outcome(best.path("metric").asDouble(), trained, seconds);
    }
}
