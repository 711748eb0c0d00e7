package dev.descent.e2e;

import dev.descent.DescentApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A scoring whose server stops while its run trains is finished by the server started again on the same database:
 * the run resumes from the checkpoint it wrote at shutdown, and the scores equal, to the last digit, those of the
 * same scoring run without a stop.
 */
class ScoringRestartTest {

    private static final String REQUEST = """
            {"method": "el2n", "model": {"hiddenLayers": [{"units": 16}], "dtype": "float64"},
             "optimizer": {"type": "adam", "learningRate": 0.003}, "epochs": 8, "batchSize": 4, "seed": 5}""";

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(DescentApplication.class, "--server.port=0", "--descent.data-dir=" + dataDir,
                "--descent.executor.poll-interval=100ms", "--descent.scores.poll-interval=100ms");
    }

    private static Http client(ConfigurableApplicationContext context) {
        return new Http(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
    }

    @Test
    void aScoringStoppedWithItsServerIsFinishedAfterARestartAsIfItHadNotStopped(@TempDir Path dataDir) {
        String stopped;
        try (ConfigurableApplicationContext first = start(dataDir)) {
            Http http = client(first);
            JsonNode scoring = http.post("/api/v1/datasets/digits/scores", REQUEST).body();
            stopped = scoring.path("id").asString();
            String run = scoring.path("jobs").get(0).asString();
            http.await("/api/v1/jobs/" + run, Duration.ofMinutes(1),
                    job -> job.path("progress").path("steps").asLong() > 0);
        }
        try (ConfigurableApplicationContext second = start(dataDir)) {
            Http http = client(second);
            JsonNode before = http.get("/api/v1/scores/" + stopped).body();
            assertThat(before.path("status").asString()).as(before.toString()).isEqualTo("RUNNING");
            JsonNode resumed = await(http, stopped);
            assertThat(resumed.path("status").asString()).as(resumed.toString()).isEqualTo("SUCCEEDED");
            JsonNode run = http.get("/api/v1/jobs/" + resumed.path("jobs").get(0).asString()).body();
            assertThat(run.path("attempts").asInt()).as("the run was resumed, not run once").isEqualTo(2);

            String uninterrupted = http.post("/api/v1/datasets/digits/scores", REQUEST).body().path("id").asString();
            assertThat(await(http, uninterrupted).path("status").asString()).isEqualTo("SUCCEEDED");
            assertThat(http.get("/api/v1/scores/" + stopped + "/scores.csv").raw().body())
                    .isEqualTo(http.get("/api/v1/scores/" + uninterrupted + "/scores.csv").raw().body());
        }
    }

    private static JsonNode await(Http http, String scoring) {
        return http.await("/api/v1/scores/" + scoring, Duration.ofMinutes(2),
                body -> !"RUNNING".equals(body.path("status").asString()));
    }
}
