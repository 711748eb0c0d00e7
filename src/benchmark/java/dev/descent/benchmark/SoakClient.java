package dev.descent.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One of the soak's users: until the run's end, and at most {@link #MAX_ACTIONS} times, it does one of the things
 * users do, picked at random with fixed weights: submit a small job on a built-in dataset and follow its event
 * stream to the end, upload a CSV and train on it, read a job's history, curves, export or plot, follow another
 * job's stream, cancel, resume or delete a job. Each answer is checked against those the request may legitimately
 * get; anything else goes to the ledger.
 */
final class SoakClient implements Runnable {

    private static final int MAX_ACTIONS = 100_000;
    private static final int MAX_STREAM_CONNECTIONS = 5;
    private static final List<String> DATASETS = List.of("iris", "wine", "breast-cancer", "digits");
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED");

    private final SoakHttp http;
    private final SoakLedger ledger;
    private final Random random;
    private final long deadlineNanos;
    private final ScheduledExecutorService closer;

    SoakClient(SoakHttp http, SoakLedger ledger, long seed, long deadlineNanos, ScheduledExecutorService closer) {
        this.http = http;
        this.ledger = ledger;
        this.random = new Random(seed);
        this.deadlineNanos = deadlineNanos;
        this.closer = closer;
    }

    @Override
    public void run() {
        for (int i = 0; i < MAX_ACTIONS && System.nanoTime() < deadlineNanos; i++) {
            try {
                act(random.nextInt(100));
            } catch (RuntimeException e) { // an answer that could not be read (not JSON, say): the client goes on
                ledger.unexpected("a client's action failed: " + e);
            }
        }
    }

    /** The action of a roll of 0..99; the shares are docs/soak.md's. */
    private void act(int dice) {
        if (dice < 30) {
            submit(DATASETS.get(random.nextInt(DATASETS.size()))).ifPresent(this::follow);
        } else if (dice < 36) {
            uploadAndTrain();
        } else if (dice < 72) {
            ledger.anyJob(random, false).ifPresent(this::read);
        } else if (dice < 80) {
            ledger.anyJob(random, false).ifPresent(this::follow);
        } else if (dice < 88) {
            ledger.anyJob(random, true).ifPresent(this::cancel);
        } else if (dice < 95) {
            ledger.takeCancelled(random).ifPresent(this::resume);
        } else {
            ledger.anyJob(random, false).ifPresent(this::delete);
        }
    }

    /** A small job; one in ten runs long enough (thousands of steps) to be running when cancels and restarts come. */
    private Optional<String> submit(String datasetId) {
        ledger.did("submit");
        boolean longRun = random.nextInt(10) == 0;
        String spec = """
                {"name": "soak", "dataset": {"id": "%s"}, "model": {"hiddenLayers": %s},
                 "optimizer": %s,
                 "training": {"epochs": %d, "batchSize": %d, "seed": %d, "checkpointEvery": %d}}""".formatted(
                datasetId, random.nextBoolean() ? "[{\"units\": 16}]"
                        : "[{\"units\": 32}, {\"units\": 16, \"activation\": \"tanh\"}]",
                random.nextBoolean() ? "{\"type\": \"adam\", \"learningRate\": 0.01}"
                        : "{\"type\": \"sgd\", \"learningRate\": 0.05, \"momentum\": 0.9}",
                longRun ? 30 : 2 + random.nextInt(8), longRun ? 8 : 32, random.nextInt(1000), random.nextInt(3));
        for (int attempt = 0; attempt < 10 && System.nanoTime() < deadlineNanos; attempt++) {
            Optional<SoakHttp.Answer> answer = http.post("/api/v1/jobs", spec);
            if (answer.isEmpty()) {
                continue; // the server is away (a restart); try again
            }
            SoakHttp.Answer submitted = answer.get();
            if (submitted.status() == 202) {
                String id = submitted.json().path("id").asString();
                ledger.accepted(id);
                return Optional.of(id);
            }
            if (submitted.status() != 429 || !waitRetryAfter(submitted)) {
                expect(submitted, "POST /jobs on " + datasetId, 202, 429);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** A CSV of three seeded blobs with named classes, trained on, then deleted once its job has ended. */
    private void uploadAndTrain() {
        ledger.did("upload");
        StringBuilder csv = new StringBuilder("x1,x2,x3,x4,species\n");
        int rows = 100 + random.nextInt(400);
        for (int row = 0; row < rows; row++) {
            int label = random.nextInt(3);
            for (int feature = 0; feature < 4; feature++) {
                csv.append(String.format("%.4f,", label * 2.0 + random.nextGaussian()));
            }
            csv.append(List.of("setosa", "versicolor", "virginica").get(label)).append('\n');
        }
        Optional<SoakHttp.Answer> uploaded = http.upload(csv.toString(), "species");
        if (uploaded.isEmpty() || !expect(uploaded.get(), "POST /datasets", 201)) {
            return;
        }
        String datasetId = uploaded.get().json().path("id").asString();
        Optional<String> job = submit(datasetId);
        job.ifPresent(this::follow);
        boolean ended = job.flatMap(id -> http.get("/api/v1/jobs/" + id))
                .map(answer -> answer.status() == 200 && TERMINAL.contains(answer.json().path("status").asString()))
                .orElse(job.isEmpty());
        if (ended) { // a queued job still needs its dataset; the upload stays then
            http.delete("/api/v1/datasets/" + datasetId).ifPresent(answer -> {
                // 409: a job depends on it (one another client resumed, say)
                if (expect(answer, "DELETE /datasets/" + datasetId, 204, 409) && answer.status() == 204) {
                    ledger.uploadsDeleted.increment();
                }
            });
        }
    }

    private void read(String id) {
        ledger.did("read");
        String job = "/api/v1/jobs/" + id;
        int[] ok = ledger.wasDeleted(id) ? new int[]{404} : new int[]{200, 404};
        String path = switch (random.nextInt(7)) {
            case 0 -> job;
            case 1 -> job + "/history";
            case 2 -> job + "/curves?metric=loss&maxPoints=" + (50 + random.nextInt(500))
                    + (random.nextBoolean() ? "&method=lttb&smoothing=0.6" : "");
            case 3 -> job + "/history/export?format=" + (random.nextBoolean() ? "csv" : "json") + "&level=step";
            case 4 -> job + "/plot.svg?metrics=loss";
            case 5 -> "/api/v1/jobs?page=0&size=" + (1 + random.nextInt(50));
            default -> "/api/v1/runs/compare?jobs=" + id + "," + ledger.anyJob(random, false).orElse(id)
                    + "&metric=loss";
        };
        // a job deleted by another client answers 404; so does a comparison with one
        http.get(path).ifPresent(answer -> expect(answer, "GET " + path, path.startsWith("/api/v1/jobs?")
                ? new int[]{200} : ok));
    }

    /**
     * Reads a job's event stream to its {@code end} event, as EventSource would: after a cut by a restart it
     * reconnects with the last event id. Ids never go back within one connection.
     */
    private void follow(String id) {
        ledger.did("follow");
        long lastId = -1;
        for (int connection = 0; connection < MAX_STREAM_CONNECTIONS; connection++) {
            awaitServer();
            int restarts = http.restarts();
            Optional<HttpResponse<InputStream>> opened = http.events(id, lastId);
            if (opened.isEmpty()) {
                if (http.serverDown() || http.restarts() != restarts) {
                    ledger.streamsReconnected.increment(); // refused by a server on its way down
                    continue;
                }
                return;
            }
            int status = opened.get().statusCode();
            if (status != 200) {
                // 404: deleted by another client; a 5xx is tallied by SoakHttp
                if (status != 404 && status < 500) {
                    ledger.unexpected("GET /jobs/" + id + "/events → " + status);
                }
                return;
            }
            InputStream body = opened.get().body();
            // the run's end cuts a stream whose job is still waiting
            ScheduledFuture<?> cut = closer.schedule(() -> closeQuietly(body),
                    Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                long connectionId = -1;
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("id:")) {
                        long eventId = Long.parseLong(line.substring(3).trim());
                        if (eventId < connectionId) {
                            ledger.unexpected("events of " + id + ": id " + eventId + " after " + connectionId);
                        }
                        connectionId = eventId;
                        lastId = eventId;
                    } else if (line.startsWith("event:")) {
                        ledger.events.increment();
                        if (line.equals("event:end")) {
                            ledger.streamsToTheEnd.increment();
                            return;
                        }
                    }
                }
            } catch (IOException cutMidway) {
                // judged below, like an end of stream without an end event
            } finally {
                cut.cancel(false);
            }
            if (System.nanoTime() >= deadlineNanos) {
                ledger.streamsCutAtTheEnd.increment();
                return;
            }
            if (!http.serverDown() && http.restarts() == restarts) {
                ledger.streamsCutOtherwise.increment();
                ledger.unexpected("events of " + id + ": the stream ended without an end event");
                return;
            }
            ledger.streamsReconnected.increment();
        }
    }

    private void cancel(String id) {
        ledger.did("cancel");
        http.post("/api/v1/jobs/" + id + "/cancel", "").ifPresent(answer -> {
            // 409: it had ended already
            if (expect(answer, "POST /jobs/" + id + "/cancel", ledger.wasDeleted(id) ? new int[]{404}
                    : new int[]{200, 404, 409}) && answer.status() == 200) {
                ledger.cancelled(id);
            }
        });
    }

    private void resume(String id) {
        ledger.did("resume");
        // 409: cancelled before it started (no checkpoint), or it has not stopped yet; 404: deleted meanwhile
        http.post("/api/v1/jobs/" + id + "/resume", "").ifPresent(answer ->
                expect(answer, "POST /jobs/" + id + "/resume", 200, 404, 409));
    }

    private void delete(String id) {
        ledger.did("delete");
        http.delete("/api/v1/jobs/" + id).ifPresent(answer -> {
            // 409: queued or running
            if (expect(answer, "DELETE /jobs/" + id, 204, 404, 409) && answer.status() == 204) {
                ledger.deleted(id);
            }
        });
    }

    /** True when the answer is one of {@code allowed}; else it is written to the ledger (a 5xx is tallied already). */
    private boolean expect(SoakHttp.Answer answer, String what, int... allowed) {
        for (int status : allowed) {
            if (answer.status() == status) {
                return true;
            }
        }
        if (answer.status() < 500) {
            ledger.unexpected(what + " → " + answer.status() + ": "
                    + answer.body().substring(0, Math.min(300, answer.body().length())));
        }
        return false;
    }

    /** Waits out a 429's Retry-After (up to 10 s, never past the run's end); false if it has none. */
    private boolean waitRetryAfter(SoakHttp.Answer answer) {
        long seconds = answer.retryAfterSeconds();
        if (seconds <= 0) {
            return false;
        }
        sleepNanos(Math.min(TimeUnit.SECONDS.toNanos(Math.min(seconds, 10)), deadlineNanos - System.nanoTime()));
        return true;
    }

    private void awaitServer() {
        while (http.serverDown() && System.nanoTime() < deadlineNanos) {
            sleepNanos(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private static void sleepNanos(long nanos) {
        if (nanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(nanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // closed already
        }
    }
}
