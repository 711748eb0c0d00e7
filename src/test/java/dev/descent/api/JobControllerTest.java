package dev.descent.api;

import dev.descent.error.NotFoundException;
import dev.descent.error.QueueFullException;
import dev.descent.history.HeavyReads;
import dev.descent.history.HistoryService;
import dev.descent.job.JobService;
import dev.descent.security.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The web layer alone: request parsing, validation and problem details. The services behind are stand-ins. */
@WebMvcTest(JobController.class)
class JobControllerTest {

    private static final String VALID = """
            {"dataset": {"id": "iris"}, "model": {"hiddenLayers": [{"units": 8}]},
             "optimizer": {"type": "sgd", "learningRate": 0.1}, "training": {"epochs": 3}}""";

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private ApiKeyService keys;
    @MockitoBean
    private JobService jobs;
    @MockitoBean
    private HistoryService history;
    @MockitoBean
    private HeavyReads reads;

    private org.springframework.test.web.servlet.ResultActions submit(String body) throws Exception {
        return mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    @Test
    void malformedJsonIsAProblemDetail() throws Exception {
        submit("{\"dataset\": ").andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.title").value("Unreadable request"));
    }

    @Test
    void anUnknownOptimizerTypeNamesTheFieldAndTheAllowedTypes() throws Exception {
        submit(VALID.replace("\"sgd\"", "\"adamax-ultra\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("optimizer.type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("allowed: [sgd, adam, adamw, amsgrad")));
    }

    @Test
    void anUnknownScheduleAndABadSamBaseAreNamedByPath() throws Exception {
        submit(VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"schedule\": {\"type\": \"triangular\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("training.schedule.type"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("one-cycle")));
        submit(VALID.replace("{\"type\": \"sgd\", \"learningRate\": 0.1}",
                "{\"type\": \"sam\", \"base\": {\"type\": \"adam\", \"beta1\": 1.5}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("optimizer.base.beta1"));
        submit(VALID.replace("{\"type\": \"sgd\", \"learningRate\": 0.1}", "{\"type\": \"sam\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("optimizer.base"));
    }

    @Test
    void anUnknownActivationNamesTheAllowedOnes() throws Exception {
        submit(VALID.replace("{\"units\": 8}", "{\"units\": 8, \"activation\": \"swish\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("model.hiddenLayers[0].activation"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("relu")));
    }

    @Test
    void outOfRangeValuesAreAllListedByField() throws Exception {
        submit(VALID.replace("\"learningRate\": 0.1", "\"learningRate\": -1, \"momentum\": 1.5")
                .replace("\"epochs\": 3", "\"epochs\": 0"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(3))
                .andExpect(jsonPath("$.errors[0].field").value("optimizer.learningRate"))
                .andExpect(jsonPath("$.errors[1].field").value("optimizer.momentum"))
                .andExpect(jsonPath("$.errors[2].field").value("training.epochs"));
    }

    @Test
    void aPrivatePcaNeedsComponentsAndPositiveNoise() throws Exception {
        submit(VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"privacy\": {\"clipNorm\": 1, \"noiseMultiplier\": 1, "
                + "\"pca\": {\"components\": 0, \"noiseMultiplier\": -2}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("training.privacy.pca.components"))
                .andExpect(jsonPath("$.errors[1].field").value("training.privacy.pca.noiseMultiplier"));
    }

    @Test
    void nesterovWithoutMomentumIsRefused() throws Exception {
        submit(VALID.replace("\"learningRate\": 0.1", "\"learningRate\": 0.1, \"nesterov\": true"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("nesterov needs momentum")));
    }

    @Test
    void anUnknownFieldIsRefusedRatherThanIgnored() throws Exception {
        submit(VALID.replace("\"learningRate\": 0.1", "\"learningrate\": 0.1"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("optimizer.learningrate"));
    }

    @Test
    void aMissingSectionIsNamed() throws Exception {
        submit("{\"dataset\": {\"id\": \"iris\"}, \"optimizer\": {\"type\": \"adam\"}, \"training\": {\"epochs\": 1}}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("model"));
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        when(jobs.submit(any(), any())).thenThrow(new QueueFullException("100 jobs are queued", Duration.ofSeconds(30)));
        submit(VALID).andExpect(status().isTooManyRequests()).andExpect(header().string("Retry-After", "30"));
    }

    @Test
    void unknownJobsAndMalformedIdsAreProblems() throws Exception {
        UUID id = UUID.randomUUID();
        when(jobs.get(eq(id), any())).thenThrow(new NotFoundException("job", id));
        mvc.perform(get("/api/v1/jobs/" + id)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("job '" + id + "' does not exist"));
        mvc.perform(get("/api/v1/jobs/not-a-uuid")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("id"));
        mvc.perform(get("/api/v1/jobs?status=BOGUS")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("status"));
        mvc.perform(get("/api/v1/jobs?size=0")).andExpect(status().isBadRequest());
        // page × size is an int offset in the database
        mvc.perform(get("/api/v1/jobs?page=2147483647&size=200")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("page"));
    }

    @Test
    void aBodyOverTheRequestLimitIsRefusedBeforeItIsRead() throws Exception {
        String large = VALID.replace("\"training\"", "\"name\": \"" + "x".repeat(1_100_000) + "\", \"training\"");
        submit(large).andExpect(status().isContentTooLarge())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("descent.api.max-request-bytes")));
    }

    @Test
    void deepNestingAndLongNumbersAreUnreadableNotServerErrors() throws Exception {
        // SAM around SAM around …: each level costs the record deserialisers a few dozen stack frames
        String nested = "{\"type\": \"sam\", \"base\": ".repeat(200) + "{\"type\": \"sgd\"}" + "}".repeat(200);
        submit(VALID.replace("{\"type\": \"sgd\", \"learningRate\": 0.1}", nested))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("nesting depth")));
        submit("[".repeat(100_000)).andExpect(status().isBadRequest());
        submit(VALID.replace("\"epochs\": 3", "\"epochs\": " + "9".repeat(2000)))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("Number value length")));
    }

    @Test
    void anInfiniteEpsilonTargetIsOutOfRange() throws Exception {
        submit(VALID.replace("\"epochs\": 3", "\"epochs\": 3, \"privacy\": {\"clipNorm\": 1, \"targetEpsilon\": 1e309}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("training.privacy.targetEpsilon"));
    }

    @Test
    void fractionalCountsAndControlCharactersInNamesAreRefused() throws Exception {
        submit(VALID.replace("\"epochs\": 3", "\"epochs\": 1.5")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("training.epochs"));
        submit(VALID.replace("{\"dataset\"", "{\"name\": \"a\\u0000b\", \"dataset\"")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.field").value("name"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("name must not contain control characters")));
    }
}
