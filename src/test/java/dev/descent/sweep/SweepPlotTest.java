package dev.descent.sweep;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.descent.watch.SvgDocuments.parse;
import static dev.descent.watch.SvgDocuments.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SweepPlotTest {

    private static final String RATE = "optimizer.learningRate";
    private static final String BATCH = "training.batchSize";

    private static ParameterDomain values(Object... values) {
        return new ParameterDomain(List.of(values), null, null, null);
    }

    private static ParameterDomain logUniform(double low, double high) {
        return new ParameterDomain(null, null, List.of(low, high), null);
    }

    private static ParameterDomain uniform(double low, double high) {
        return new ParameterDomain(null, List.of(low, high), null, null);
    }

    private static SweepReport.Entry entry(int rank, int epochs, double mean, Double low, Double high,
                                           Object... parameters) {
        Map<String, Object> assignment = new LinkedHashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            assignment.put((String) parameters[i], parameters[i + 1]);
        }
        return new SweepReport.Entry(rank, rank - 1, assignment, epochs, mean, low, high, List.of(mean),
                List.of(UUID.randomUUID()));
    }

    private static SweepReport report(String name, String metric, SweepSpec.Goal goal, int seeds,
                                      LinkedHashMap<String, ParameterDomain> parameters, List<SweepReport.Entry> board) {
        SweepSpec spec = new SweepSpec(name, null, parameters, SweepSpec.Method.GRID, metric, goal, null, null, seeds,
                null, null, null);
        return new SweepReport(UUID.randomUUID(), name, SweepStatus.SUCCEEDED, null, spec.method(), spec.metric(),
                spec.goal(), new SweepReport.Trials(board.size(), board.size(), Map.of()), board, null, List.of(),
                BatchSizeScaling.of(List.copyOf(parameters.keySet()), board), "alice", Instant.EPOCH, Instant.EPOCH,
                spec);
    }

    private static LinkedHashMap<String, ParameterDomain> parameters(Object... pathsAndDomains) {
        LinkedHashMap<String, ParameterDomain> parameters = new LinkedHashMap<>();
        for (int i = 0; i < pathsAndDomains.length; i += 2) {
            parameters.put((String) pathsAndDomains[i], (ParameterDomain) pathsAndDomains[i + 1]);
        }
        return parameters;
    }

    @Test
    void oneParameterIsACurveOnALogAxisWithAnErrorBarPerConfiguration() throws Exception {
        List<SweepReport.Entry> board = List.of(
                entry(1, 5, 0.20, 0.18, 0.22, RATE, 0.01),
                entry(2, 5, 0.35, 0.30, 0.40, RATE, 0.1),
                entry(3, 5, 0.60, 0.50, 0.70, RATE, 0.001));
        Document svg = parse(SweepPlot.render(report("lr", "validation_loss", null, 3,
                parameters(RATE, logUniform(0.0005, 0.5)), board)));
        assertThat(texts(svg)).contains("optimizer.learningRate (log scale)", "validation_loss (min)", "0.001", "0.01",
                "0.1", "3 configurations after 5 epochs; bars: 95% interval across 3 seeds");
        // joined in the parameter's order: x grows along the curve
        double[][] curve = points(((Element) svg.getElementsByTagName("path").item(0)).getAttribute("d"));
        assertThat(curve).hasNumberOfRows(3);
        assertThat(curve[0][0]).isLessThan(curve[1][0]);
        assertThat(curve[1][0]).isLessThan(curve[2][0]);
        // three lines an error bar (the bar and its caps); log spacing: 0.001 → 0.01 as far as 0.01 → 0.1
        assertThat(group(svg, "marks").getElementsByTagName("line").getLength()).isEqualTo(9);
        assertThat(curve[1][0] - curve[0][0]).isCloseTo(curve[2][0] - curve[1][0], within(0.2));
        // the metric grows up the page: the lowest loss sits lowest
        assertThat(curve[1][1]).isGreaterThan(curve[0][1]);
        NodeList marks = group(svg, "marks").getElementsByTagName("circle");
        assertThat(((Element) marks.item(1)).getAttribute("fill")).isEqualTo("#d62728");
    }

    @Test
    void aLearningRateAndABatchSizeDrawTheBestRatePerBatchSizeOnThePowerLawFittedThroughThem() throws Exception {
        // the best rate doubles when the batch size quadruples: γ* = c·B^0.5
        List<SweepReport.Entry> board = List.of(
                entry(1, 4, 0.90, null, null, RATE, 0.04, BATCH, 64),
                entry(2, 4, 0.88, null, null, RATE, 0.02, BATCH, 16),
                entry(3, 4, 0.80, null, null, RATE, 0.01, BATCH, 64),
                entry(4, 4, 0.75, null, null, RATE, 0.08, BATCH, 16),
                entry(5, 4, 0.70, null, null, RATE, 0.08, BATCH, 256),
                entry(6, 4, 0.60, null, null, RATE, 0.01, BATCH, 256));
        SweepReport report = report("scaling", "validation_accuracy", null, 1,
                parameters(RATE, values(0.01, 0.02, 0.04, 0.08), BATCH, values(16, 64, 256)), board);
        assertThat(report.batchSizeScaling().alpha()).isCloseTo(0.5, within(1e-12));
        Document svg = parse(SweepPlot.render(report));
        assertThat(texts(svg)).contains("training.batchSize (log scale)", "optimizer.learningRate (log scale)",
                "γ* ∝ B^0.50");
        assertThat(group(svg, "marks").getElementsByTagName("circle").getLength()).isEqualTo(6);
        NodeList rings = group(svg, "best-per-batch").getElementsByTagName("circle");
        assertThat(rings.getLength()).isEqualTo(3);
        double[][] line = points(element(svg, "path", "power-law").getAttribute("d"));
        for (int i = 0; i < rings.getLength(); i++) {
            Element ring = (Element) rings.item(i);
            double x = Double.parseDouble(ring.getAttribute("cx"));
            double y = Double.parseDouble(ring.getAttribute("cy"));
            double onLine = line[0][1] + (x - line[0][0]) * (line[1][1] - line[0][1]) / (line[1][0] - line[0][0]);
            assertThat(y).as("ring %d on the fitted line", i).isCloseTo(onLine, within(0.2));
        }
    }

    @Test
    void twoGridParametersAreAHeatmapWithACellPerPointAndTheBestOutlined() throws Exception {
        List<SweepReport.Entry> board = List.of(
                entry(1, 3, 0.1, null, null, RATE, 0.1, "optimizer.momentum", 0.9),
                entry(2, 3, 0.2, null, null, RATE, 0.01, "optimizer.momentum", 0.9),
                entry(3, 3, 0.4, null, null, RATE, 0.1, "optimizer.momentum", 0.0),
                entry(4, 3, 0.8, null, null, RATE, 0.01, "optimizer.momentum", 0.0));
        Document svg = parse(SweepPlot.render(report("grid", "validation_loss", null, 1,
                parameters(RATE, values(0.01, 0.1), "optimizer.momentum", values(0.0, 0.9)), board)));
        NodeList cells = group(svg, "cells").getElementsByTagName("rect");
        assertThat(cells.getLength()).isEqualTo(4);
        // drawn worst first: the last cell is the best, outlined, and darker than the worst
        Element best = (Element) cells.item(3);
        assertThat(best.getAttribute("stroke")).isEqualTo("#d62728");
        assertThat(best.getAttribute("fill")).isEqualTo("#08306b");
        assertThat(((Element) cells.item(0)).getAttribute("fill")).isEqualTo("#c6dbef");
        // categories: each grid value once, evenly spaced
        assertThat(texts(svg)).contains("0.01", "0.1", "0", "0.9", "0.8", "validation_loss", "darker is better");
        assertThat(texts(svg)).doesNotContain("optimizer.learningRate (log scale)");
    }

    @Test
    void aContinuousDomainMakesTheHeatmapColouredPoints() throws Exception {
        List<SweepReport.Entry> board = List.of(
                entry(1, 3, 0.9, null, null, "optimizer.momentum", 0.42, "model.activation", "relu"),
                entry(2, 3, 0.7, null, null, "optimizer.momentum", 0.13, "model.activation", "tanh"));
        Document svg = parse(SweepPlot.render(report("points", "validation_accuracy", null, 1,
                parameters("optimizer.momentum", uniform(0, 0.9), "model.activation", values("relu", "tanh")), board)));
        assertThat(group(svg, "cells").getElementsByTagName("rect").getLength()).isZero();
        assertThat(group(svg, "cells").getElementsByTagName("circle").getLength()).isEqualTo(2);
        assertThat(texts(svg)).contains("relu", "tanh", "optimizer.momentum");
    }

    @Test
    void moreParametersAreParallelCoordinatesOfTheConfigurationsTrainedFurthest() throws Exception {
        List<SweepReport.Entry> board = List.of(
                entry(1, 9, 0.95, null, null, RATE, 0.05, BATCH, 32, "model.hiddenLayers[0]", 64),
                entry(2, 9, 0.93, null, null, RATE, 0.2, BATCH, 16, "model.hiddenLayers[0]", 128),
                entry(3, 3, 0.97, null, null, RATE, 0.01, BATCH, 64, "model.hiddenLayers[0]", 16),
                entry(4, 1, 0.50, null, null, RATE, 0.001, BATCH, 64, "model.hiddenLayers[0]", 32));
        Document svg = parse(SweepPlot.render(report("asha", "validation_accuracy", null, 1,
                parameters(RATE, logUniform(0.001, 0.5), BATCH, values(16, 32, 64),
                        "model.hiddenLayers[0]", new ParameterDomain(null, null, null, List.of(16L, 128L, 16L))),
                board)));
        assertThat(texts(svg)).contains("2 configurations after 9 epochs (2 stopped earlier)",
                "model.hiddenLayers[0]", "validation_accuracy (max)");
        NodeList lines = group(svg, "lines").getElementsByTagName("path");
        assertThat(lines.getLength()).isEqualTo(2);
        Element best = (Element) lines.item(1);
        assertThat(best.getAttribute("stroke")).isEqualTo("#d62728");
        assertThat(points(best.getAttribute("d"))).hasNumberOfRows(4);
    }

    @Test
    void aSweepWithoutResultsSaysSoAndTextFromClientsIsEscaped() throws Exception {
        String hostile = "</text><script>alert(1)</script> & \"q\"";
        Document svg = parse(SweepPlot.render(report(hostile, "validation_loss", null, 1,
                parameters(RATE, logUniform(0.001, 0.1)), List.of())));
        assertThat(svg.getElementsByTagName("script").getLength()).isZero();
        assertThat(svg.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(hostile + ": validation_loss");
        assertThat(texts(svg)).contains("no results yet");
    }

    // --- reading the document -----------------------------------------------------------------------------------

    private static Element group(Document svg, String name) {
        return element(svg, "g", name);
    }

    private static Element element(Document svg, String tag, String name) {
        NodeList nodes = svg.getElementsByTagName(tag);
        for (int i = 0; i < nodes.getLength(); i++) {
            if (((Element) nodes.item(i)).getAttribute("class").equals(name)) {
                return (Element) nodes.item(i);
            }
        }
        throw new AssertionError("no " + tag + " of class " + name);
    }

    /** The points of a path's "M x,y L x,y …". */
    private static double[][] points(String d) {
        String[] pairs = d.substring(1).split(" L");
        double[][] points = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] xy = pairs[i].trim().split(",");
            points[i] = new double[]{Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
        }
        return points;
    }
}
