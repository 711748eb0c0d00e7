package dev.descent.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Property-based fuzzing of the whole validation path of a job submission (JSON parsing, Bean Validation, the job
 * service's checks against datasets and limits, problem details) on the real application without its transport:
 * random JSON trees and valid specs with one field made hostile are answered 202 or with a 4xx problem detail that
 * names the field, never a 5xx or an exception. Workers never claim the accepted jobs. Fixed seeds: the same tries
 * every run.
 */
class JobSpecFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOSTILE = "\"__hostile__\"";
    private static final List<String> SPECS = List.of(JobExamples.IRIS, JobExamples.MNIST, JobExamples.PRIVATE_DIGITS,
            JobExamples.DIABETES, JobExamples.SPIRALS);
    private static final List<String> KEYS = List.of("dataset", "model", "optimizer", "training", "id", "generator",
            "rows", "features", "classes", "hiddenLayers", "units", "activation", "dropout", "loss", "type",
            "learningRate", "momentum", "base", "epochs", "batchSize", "schedule", "then", "steps", "privacy",
            "clipNorm", "targetEpsilon", "noiseMultiplier", "projection", "rank", "publicRows", "name", "");

    private static MockMvc mvc;

    /** The application as the tests' Spring context: an H2 file in a temporary directory, workers that never poll. */
    @SpringBootTest
    @AutoConfigureMockMvc
    static class Application {

        @Autowired
        MockMvc mvc;

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) throws IOException {
            String dir = Files.createTempDirectory("descent-fuzz").toString();
            registry.add("descent.data-dir", () -> dir);
            registry.add("descent.executor.poll-interval", () -> "1h");
            registry.add("descent.jobs.max-queued-jobs", () -> "1000000");
        }
    }

    @BeforeContainer
    static void startApplication() throws Exception {
        Application application = new Application();
        new TestContextManager(Application.class).prepareTestInstance(application);
        mvc = application.mvc;
    }

    @Property(tries = 300, seed = "20261123")
    void arbitraryJsonIsAcceptedOrRefusedByField(@ForAll("jsonTrees") String body) throws Exception {
        assertAcceptedOrRefusedByField(body);
    }

    @Property(tries = 400, seed = "1147152")
    void aValidSpecWithOneHostileFieldIsAcceptedOrRefusedByField(@ForAll("mutatedSpecs") String body) throws Exception {
        assertAcceptedOrRefusedByField(body);
    }

    @Property(tries = 200, seed = "6904")
    void privacyPlanningAnswersOrNamesTheParameter(@ForAll("privacyQueries") String query) throws Exception {
        // a URI, not a template: the query is encoded already
        MockHttpServletResponse response = mvc.perform(get(URI.create("/api/v1/privacy/" + query))).andReturn()
                .getResponse();
        if (response.getStatus() != 200) {
            assertProblemNamingAField(query, response);
        }
    }

    private static void assertAcceptedOrRefusedByField(String body) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andReturn().getResponse();
        if (response.getStatus() == 202) {
            return;
        }
        if (body.startsWith("{")) {
            assertProblemNamingAField(body, response);
        } else {
            assertProblem(body, response);
        }
    }

    private static JsonNode assertProblem(String request, MockHttpServletResponse response) throws Exception {
        String what = abbreviate(request) + " answered " + response.getStatus() + ": " + response.getContentAsString();
        assertThat(response.getStatus()).as(what).isBetween(400, 499);
        assertThat(response.getContentType()).as(what).startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        JsonNode problem = JSON.readTree(response.getContentAsString());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.getStatus());
        assertThat(problem.path("detail").asString()).as(what).isNotBlank();
        return problem;
    }

    private static void assertProblemNamingAField(String request, MockHttpServletResponse response) throws Exception {
        JsonNode problem = assertProblem(request, response);
        // a document nested too deep is refused as a whole, before any field is read; "" is a field name too
        if (!problem.path("detail").asString().startsWith("Document nesting depth")) {
            assertThat(problem.hasNonNull("field")).as(abbreviate(request) + " answered " + problem).isTrue();
        }
    }

    @Provide
    Arbitrary<String> jsonTrees() {
        return jsonValue(4);
    }

    /** Raw JSON text (so that 1e309 stays 1e309), mostly objects with the spec's own keys. */
    private static Arbitrary<String> jsonValue(int depth) {
        if (depth == 0) {
            return hostileValues();
        }
        Arbitrary<String> member = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(KEYS), Arbitraries.strings().ofMaxLength(8)), jsonValue(depth - 1))
                .as((key, value) -> JSON.writeValueAsString(key) + ": " + value);
        Arbitrary<String> object = member.list().ofMaxSize(5).map(members -> String.join(", ", members))
                .map(members -> "{" + members + "}");
        Arbitrary<String> array = jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(", ", items) + "]");
        return Arbitraries.frequencyOf(Tuple.of(2, hostileValues()), Tuple.of(1, array), Tuple.of(4, object));
    }

    /** What a client could put where a value belongs: huge, tiny, non-finite, wrong-typed, nested, or plain wrong. */
    private static Arbitrary<String> hostileValues() {
        return Arbitraries.oneOf(
                Arbitraries.of("1e309", "-1e309", "1e400", "9223372036854775808", "-9223372036854775809", "2147483648",
                        "4294967296", "1.5", "0.5", "4.9e-324", "1e-400", "0", "-0", "-1", "1", "3", "65536", "1000000",
                        "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e309\"", "true", "null",
                        "\"\"", "\" \"", "\"../../etc/passwd\"", "\"%2e%2e%2f\"", "\"\\u0000\"", "\"\\u202e\"",
                        "\"iris\"", "\"mnist\"", "\"moons\"", "\"blobs\"", "\"sgd\"", "\"adam\"", "\"sam\"", "\"lbfgs\"",
                        "\"warmup\"", "\"refined\"", "\"relu\"", "\"cross-entropy\"", "\"huber\"",
                        "\"00000000-0000-0000-0000-000000000000\"", "[]", "{}", "[[[]]]",
                        "[".repeat(70) + "]".repeat(70), "{\"a\":".repeat(70) + "1" + "}".repeat(70)),
                Arbitraries.integers().map(String::valueOf),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.doubles().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(300).map(JSON::writeValueAsString));
    }

    @Provide
    Arbitrary<String> mutatedSpecs() {
        return Combinators.combine(Arbitraries.of(SPECS), Arbitraries.integers().between(0, 1000), hostileValues(),
                Arbitraries.of(Mutation.values())).as(JobSpecFuzzTest::mutate);
    }

    private enum Mutation { REPLACE, REMOVE, ADD_UNKNOWN }

    /** One field of a valid spec, picked among all its members and elements, replaced, removed, or given a sibling. */
    private static String mutate(String spec, int pick, String hostile, Mutation mutation) {
        JsonNode root = JSON.readTree(spec);
        List<Object[]> slots = new ArrayList<>(); // {container, key or index}
        collect(root, slots);
        Object[] slot = slots.get(pick % slots.size());
        if (slot[0] instanceof ObjectNode object) {
            String key = (String) slot[1];
            switch (mutation) {
                case REPLACE -> object.put(key, "__hostile__");
                case REMOVE -> object.remove(key);
                case ADD_UNKNOWN -> object.put(key + "Extra", "__hostile__");
            }
        } else {
            ArrayNode array = (ArrayNode) slot[0];
            int index = (Integer) slot[1];
            if (mutation == Mutation.REMOVE) {
                array.remove(index);
            } else {
                array.set(index, JSON.getNodeFactory().stringNode("__hostile__"));
            }
        }
        return root.toString().replace(HOSTILE, hostile);
    }

    private static void collect(JsonNode node, List<Object[]> slots) {
        if (node instanceof ObjectNode object) {
            object.propertyNames().forEach(name -> {
                slots.add(new Object[]{object, name});
                collect(object.get(name), slots);
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Object[]{array, i});
                collect(array.get(i), slots);
            }
        }
    }

    @Provide
    Arbitrary<String> privacyQueries() {
        Arbitrary<String> number = Arbitraries.oneOf(hostileValues(),
                Arbitraries.doubles().between(-12, 0).map(exponent -> String.valueOf(Math.pow(10, exponent))),
                Arbitraries.longs().between(1, 2_000_000_000L).map(String::valueOf));
        Arbitrary<String> parameter = Combinators.combine(Arbitraries.of("sampleRate", "noiseMultiplier", "steps",
                "delta", "targetEpsilon", "datasetSize", "batchSize", "epochs"), number)
                .as((name, value) -> name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return Combinators.combine(Arbitraries.of("epsilon", "noise"), parameter.list().ofMinSize(2).ofMaxSize(6))
                .as((path, parameters) -> path + "?" + parameters.stream().collect(Collectors.joining("&")));
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }
}
