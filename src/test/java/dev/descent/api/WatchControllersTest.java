package dev.descent.api;

import dev.descent.error.TooManyStreamsException;
import dev.descent.history.HistoryExport;
import dev.descent.history.HeavyReads;
import dev.descent.history.HistoryService;
import dev.descent.job.JobService;
import dev.descent.watch.JobEvents;
import dev.descent.watch.RunComparisons;
import dev.descent.security.ApiKeyService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.UUID;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The watching endpoints' parameter checks and problem details; the services behind are stand-ins. */
@WebMvcTest({JobWatchController.class, RunController.class})
class WatchControllersTest {

    private static final String JOB = "/api/v1/jobs/" + UUID.randomUUID();

    @Autowired
    private MockMvc mvc;
    @MockitoBean
    private ApiKeyService keys;
    @MockitoBean
    private JobService jobs;
    @MockitoBean
    private HistoryService history;
    @MockitoBean
    private HistoryExport export;
    @MockitoBean
    private HeavyReads reads;
    @MockitoBean
    private JobEvents events;
    @MockitoBean
    private RunComparisons comparisons;

    @Test
    void tooManyStreamsIsA503WithRetryAfter() throws Exception {
        when(events.open(any(), any(), any())).thenThrow(TooManyStreamsException.onServer("this server has 100 event streams open"));
        mvc.perform(get(JOB + "/events").accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.title").value("Too many open event streams"));
    }

    @Test
    void aUsersFullShareOfStreamsIsA429WithRetryAfter() throws Exception {
        when(events.open(any(), any(), any())).thenThrow(TooManyStreamsException.forUser("alice has 10 event streams open"));
        mvc.perform(get(JOB + "/events").accept(MediaType.TEXT_EVENT_STREAM, MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(jsonPath("$.detail").value("alice has 10 event streams open"));
    }

    @Test
    void unknownMetricsFormatsAndAxesNameTheParameter() throws Exception {
        mvc.perform(get(JOB + "/plot.svg?metrics=loss,accuracyy")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("metrics"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("validation_accuracy")));
        mvc.perform(get(JOB + "/history/export?format=xml")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("format"));
        mvc.perform(get(JOB + "/history/export?level=batch")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("level"));
        mvc.perform(get("/api/v1/runs/compare?jobs=" + UUID.randomUUID() + "&by=minute"))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.field").value("by"));
        mvc.perform(get("/api/v1/runs/compare?jobs=not-a-uuid")).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.field").value("jobs"));
    }

    @Test
    void smoothingMustStayBelowOne() throws Exception {
        mvc.perform(get("/api/v1/runs/plot.svg?jobs=" + UUID.randomUUID() + "&smoothing=1"))
                .andExpect(status().isBadRequest());
    }
}
