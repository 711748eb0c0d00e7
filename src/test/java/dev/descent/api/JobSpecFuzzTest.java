package dev.descent.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
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
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Fuzzing of the whole validation path of a job submission (JSON parsing, Bean Validation, the job service's checks
 * against datasets and limits, problem details) on the real application without its transport: random JSON trees
 * and valid specs with one field made hostile are answered 202 or with a 4xx problem detail that names the field,
 * never a 5xx or an exception. Workers never claim the accepted jobs. Each case comes from a seeded random source
 * ({@link Tries}): the same tries every run, and a failure names the input.
 */
@SpringBootTest
@AutoConfigureMockMvc
class JobSpecFuzzTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String HOSTILE = "\"__hostile__\"";
    private static final List<String> SPECS = List.of(JobExamples.IRIS, JobExamples.MNIST, JobExamples.PRIVATE_DIGITS,
            JobExamples.DIABETES, JobExamples.SPIRALS);
    private static final List<String> KEYS = List.of("dataset", "model", "optimizer", "training", "id", "generator",
            "rows", "features", "classes", "hiddenLayers", "units", "activation", "dropout", "loss", "type",
            "learningRate", "momentum", "base", "epochs", "batchSize", "schedule", "then", "steps", "privacy",
            "clipNorm", "targetEpsilon", "noiseMultiplier", "projection", "rank", "publicRows", "name", "");
    private static final List<String> HOSTILE_LITERALS = List.of("1e309", "-1e309", "1e400", "9223372036854775808",
            "-9223372036854775809", "2147483648", "4294967296", "1.5", "0.5", "4.9e-324", "1e-400", "0", "-0", "-1", "1",
            "3", "65536", "1000000", "NaN", "Infinity", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e309\"", "true",
            "null", "\"\"", "\" \"", "\"../../etc/passwd\"", "\"%2e%2e%2f\"", "\"\\u0000\"", "\"\\u202e\"", "\"iris\"",
            "\"mnist\"", "\"moons\"", "\"blobs\"", "\"sgd\"", "\"adam\"", "\"sam\"", "\"lbfgs\"", "\"warmup\"", "\"refined\"",
            "\"relu\"", "\"cross-entropy\"", "\"huber\"", "\"00000000-0000-0000-0000-000000000000\"", "[]", "{}", "[[[]]]",
            "[".repeat(70) + "]".repeat(70), "{\"a\":".repeat(70) + "1" + "}".repeat(70));

    @Autowired
    MockMvc mvc;

    /** An H2 file in a temporary directory, workers that never poll. */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("descent-fuzz").toString();
        registry.add("descent.data-dir", () -> dir);
        registry.add("descent.executor.poll-interval", () -> "1h");
        registry.add("descent.jobs.max-queued-jobs", () -> "1000000");
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("jsonTrees")
    void arbitraryJsonIsAcceptedOrRefusedByField(String body) throws Exception {
        assertAcceptedOrRefusedByField(body);
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("mutatedSpecs")
    void aValidSpecWithOneHostileFieldIsAcceptedOrRefusedByField(String body) throws Exception {
        assertAcceptedOrRefusedByField(body);
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("privacyQueries")
    void privacyPlanningAnswersOrNamesTheParameter(String query) throws Exception {
        // a URI, not a template: the query is encoded already
        MockHttpServletResponse response = mvc.perform(get(URI.create("/api/v1/privacy/" + query))).andReturn()
                .getResponse();
        if (response.getStatus() != 200) {
            assertProblemNamingAField(query, response);
        }
    }

    private void assertAcceptedOrRefusedByField(String body) throws Exception {
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

    static Stream<String> jsonTrees() {
        return new Tries(20261123).take(300, tries -> jsonValue(tries, 4));
    }

    /** Raw JSON text (so that 1e309 stays 1e309), mostly objects with the spec's own keys. */
    private static String jsonValue(Tries tries, int depth) {
        int kind = depth == 0 ? 0 : tries.below(7); // 2 in 7 a plain value, 1 in 7 an array, 4 in 7 an object
        if (kind < 2) {
            return hostileValue(tries);
        }
        if (kind == 2) {
            return tries.listOf(4, () -> jsonValue(tries, depth - 1)).stream()
                    .collect(Collectors.joining(", ", "[", "]"));
        }
        return tries.listOf(5, () -> {
            String key = tries.coin() ? tries.pick(KEYS) : tries.string(8);
            return JSON.writeValueAsString(key) + ": " + jsonValue(tries, depth - 1);
        }).stream().collect(Collectors.joining(", ", "{", "}"));
    }

    /** What a client could put where a value belongs: huge, tiny, non-finite, wrong-typed, nested, or plain wrong. */
    private static String hostileValue(Tries tries) {
        return switch (tries.below(5)) {
            case 0 -> tries.pick(HOSTILE_LITERALS);
            case 1 -> String.valueOf(tries.random().nextInt());
            case 2 -> String.valueOf(tries.random().nextLong());
            case 3 -> String.valueOf(tries.anyDouble());
            default -> JSON.writeValueAsString(tries.string(300));
        };
    }

    static Stream<String> mutatedSpecs() {
        return new Tries(1147152).take(400, tries -> mutate(tries.pick(SPECS), tries.below(1001), hostileValue(tries),
                tries.pick(List.of(Mutation.values()))));
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

    static Stream<String> privacyQueries() {
        return new Tries(6904).take(200, tries -> {
            String path = tries.pick(List.of("epsilon", "noise"));
            List<String> parameters = new ArrayList<>();
            int count = 2 + tries.below(5);
            for (int i = 0; i < count; i++) {
                String value = switch (tries.below(3)) {
                    case 0 -> hostileValue(tries);
                    case 1 -> String.valueOf(Math.pow(10, -12 * tries.random().nextDouble()));
                    default -> String.valueOf(tries.random().nextLong(1, 2_000_000_001L));
                };
                parameters.add(tries.pick(List.of("sampleRate", "noiseMultiplier", "steps", "delta", "targetEpsilon",
                        "datasetSize", "batchSize", "epochs")) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            }
            return path + "?" + String.join("&", parameters);
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /** A seeded source of random choices: the same seed gives the same cases, in the same order, every run. */
    private record Tries(SplittableRandom random) {

        Tries(long seed) {
            this(new SplittableRandom(seed));
        }

        Stream<String> take(int count, Function<Tries, String> next) {
            return IntStream.range(0, count).mapToObj(i -> next.apply(this));
        }

        int below(int bound) {
            return random.nextInt(bound);
        }

        boolean coin() {
            return random.nextBoolean();
        }

        <T> T pick(List<T> items) {
            return items.get(random.nextInt(items.size()));
        }

        <T> List<T> listOf(int maxSize, Supplier<T> item) {
            return IntStream.range(0, random.nextInt(maxSize + 1)).mapToObj(i -> item.get()).toList();
        }

        /** Any code points, controls, surrogates' neighbours and all, up to {@code maxLength}. */
        String string(int maxLength) {
            return random.ints(random.nextInt(maxLength + 1), 0, 0x3000).collect(StringBuilder::new,
                    StringBuilder::appendCodePoint, StringBuilder::append).toString();
        }

        /** Doubles over the whole range, the edges included: a random bit pattern, now and then a special value. */
        double anyDouble() {
            return switch (random.nextInt(8)) {
                case 0 -> pick(List.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0));
                case 1 -> random.nextDouble(-1000, 1000);
                default -> Double.longBitsToDouble(random.nextLong());
            };
        }
    }
}
