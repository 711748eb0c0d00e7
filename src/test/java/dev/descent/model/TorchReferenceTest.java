package dev.descent.model;

import dev.descent.model.layer.AvgPool2dSpec;
import dev.descent.model.layer.BatchNormSpec;
import dev.descent.model.layer.Conv2dSpec;
import dev.descent.model.layer.DenseSpec;
import dev.descent.model.layer.FlattenSpec;
import dev.descent.model.layer.GlobalAvgPoolSpec;
import dev.descent.model.layer.LayerNormSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.model.layer.MaxPool2dSpec;
import dev.descent.model.layer.Padding;
import dev.descent.model.layer.ResidualSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Every layer's forward and backward pass against PyTorch's (Debian's python3-torch, which CI installs; skipped
 * where it is missing, outside CI only): the same weights, inputs and labels, the loss, the logits and every parameter's gradient of
 * the mean cross-entropy equal to 1e-9 in float64, and batch-norm's running statistics after the step.
 */
class TorchReferenceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final double TOLERANCE = 1e-9;
    private static Path script;

    @BeforeAll
    static void findTorch() throws Exception {
        Process probe = new ProcessBuilder(python(), "-c", "import torch").redirectErrorStream(true).start();
        probe.getInputStream().transferTo(OutputStream.nullOutputStream());
        boolean installed = probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        // in CI the reference test must run: .ci/run installs python3-torch, and a missing one is a failure there
        assumeThat(installed || System.getenv("CI") != null).as("python3-torch is not installed").isTrue();
        assertThat(installed).as("python3-torch is not installed (.ci/run installs it)").isTrue();
        script = Files.createTempFile("layers_reference", ".py");
        try (InputStream in = TorchReferenceTest.class.getResourceAsStream("/torch/layers_reference.py")) {
            Files.write(script, in.readAllBytes());
        }
    }

    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    private static Conv2dSpec conv(int filters, int kernelHeight, int kernelWidth, int stride, int dilation,
                                   Padding padding, Activation activation) {
        return new Conv2dSpec(filters, List.of(kernelHeight, kernelWidth), List.of(stride, stride),
                List.of(dilation, dilation), padding, activation);
    }

    static Stream<Arguments> models() {
        Shape image = Shape.image(2, 7, 6);
        return Stream.of(
                Arguments.of("conv2d valid, relu", image, List.of(conv(3, 3, 2, 1, 1, Padding.VALID,
                        Activation.RELU), new FlattenSpec())),
                Arguments.of("conv2d same, odd kernel, stride 2", image, List.of(conv(4, 3, 3, 2, 1, Padding.SAME,
                        Activation.TANH), new FlattenSpec())),
                Arguments.of("conv2d same, even kernel (TensorFlow's padding)", image, List.of(conv(2, 4, 2, 1, 1,
                        Padding.SAME, Activation.GELU), new FlattenSpec())),
                Arguments.of("conv2d dilated, stride 2", image, List.of(conv(3, 2, 3, 2, 2, Padding.VALID,
                        Activation.SIGMOID), new FlattenSpec())),
                Arguments.of("max-pool2d", image, List.of(conv(3, 3, 3, 1, 1, Padding.SAME, Activation.TANH),
                        new MaxPool2dSpec(List.of(2, 2), null), new FlattenSpec())),
                Arguments.of("avg-pool2d overlapping", image, List.of(conv(3, 3, 3, 1, 1, Padding.SAME,
                        Activation.LEAKY_RELU), new AvgPool2dSpec(List.of(3, 2), List.of(2, 1)), new FlattenSpec())),
                Arguments.of("global-avg-pool", image, List.of(conv(5, 3, 3, 1, 1, Padding.SAME, Activation.RELU),
                        new GlobalAvgPoolSpec())),
                Arguments.of("layer-norm", image, List.of(conv(2, 3, 3, 1, 1, Padding.VALID, Activation.TANH),
                        new LayerNormSpec(), new FlattenSpec())),
                Arguments.of("batch-norm", image, List.of(conv(3, 3, 3, 1, 1, Padding.VALID, Activation.IDENTITY),
                        new BatchNormSpec(0.2), new FlattenSpec())),
                Arguments.of("batch-norm on rows", Shape.features(5), List.of(new DenseSpec(4, Activation.TANH, 0.0),
                        new BatchNormSpec(null))),
                Arguments.of("residual with a strided projection", image, List.of(new ResidualSpec(List.of(
                        conv(4, 3, 3, 2, 1, Padding.SAME, Activation.RELU), conv(4, 3, 3, 1, 1, Padding.SAME,
                                Activation.IDENTITY))), new FlattenSpec())),
                Arguments.of("residual dense block", Shape.features(5), List.of(new DenseSpec(6, Activation.TANH, 0.0),
                        new ResidualSpec(List.of(new DenseSpec(6, Activation.RELU, 0.0))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void lossLogitsAndGradientsEqualPyTorchs(String name, Shape input, List<LayerSpec> layers) throws Exception {
        int rows = 5;
        int classes = 3;
        Model model = Model.create(ModelSpec.ofLayers(layers, Initialization.XAVIER, Precision.FLOAT64), input,
                classes, 11);
        INDArray x = ModelGradientTest.random(rows, input.size(), 4).muli(2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = (i * 7) % classes;
            y.putScalar(i, labels[i], 1.0);
        }
        ObjectNode request = JSON.createObjectNode();
        request.set("input", JSON.valueToTree(input));
        request.set("layers", JSON.valueToTree(model.values()));
        request.set("x", JSON.valueToTree(x.toDoubleMatrix()));
        request.set("labels", JSON.valueToTree(labels));
        JsonNode torch = run(request);

        Model.Gradient ours = model.gradient(x, y, new Loss.CrossEntropy(), null);
        assertThat(ours.loss()).isCloseTo(torch.path("loss").asDouble(), org.assertj.core.data.Offset.offset(TOLERANCE));
        assertClose("logits", ours.output().reshape(ours.output().length()).toDoubleVector(), flat(torch.path("output")));
        assertThat(ours.gradients()).hasSize(torch.path("gradients").size());
        for (int p = 0; p < ours.gradients().size(); p++) {
            INDArray g = ours.gradients().get(p);
            assertClose("gradient of parameter " + p, g.dup('c').reshape(g.length()).toDoubleVector(),
                    flat(torch.path("gradients").get(p)));
        }
        List<INDArray> buffers = model.layers().stream().flatMap(layer -> layer.buffers().stream()).toList();
        for (int b = 0; b < buffers.size(); b++) {
            assertClose("buffer " + b, buffers.get(b).dup('c').reshape(buffers.get(b).length()).toDoubleVector(),
                    flat(torch.path("buffers").get(b)));
        }
    }

    private static JsonNode run(ObjectNode request) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(python(), script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (OutputStream in = python.getOutputStream()) {
            in.write(JSON.writeValueAsString(request).getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(out).isZero();
        return JSON.readTree(out);
    }

    private static double[] flat(JsonNode node) {
        if (!node.isArray()) {
            return new double[]{node.asDouble()};
        }
        return java.util.stream.StreamSupport.stream(node.spliterator(), false).flatMapToDouble(
                child -> java.util.Arrays.stream(flat(child))).toArray();
    }

    private static void assertClose(String what, double[] ours, double[] theirs) {
        assertThat(ours).as(what).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.length; i++) {
            assertThat(ours[i]).as("%s [%d]", what, i).isCloseTo(theirs[i], org.assertj.core.data.Offset.offset(
                    TOLERANCE * Math.max(1, Math.abs(theirs[i]))));
        }
    }
}
