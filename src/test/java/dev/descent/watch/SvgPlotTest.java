package dev.descent.watch;

import dev.descent.history.CurvePoint;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.util.List;

import static dev.descent.watch.SvgDocuments.parse;
import static dev.descent.watch.SvgDocuments.texts;
import static org.assertj.core.api.Assertions.assertThat;

class SvgPlotTest {

    @Test
    void escapesEveryTextAndStaysWellFormed() throws Exception {
        String hostile = "</text><script>alert('x')</script> & \"quotes\" \u0001";
        List<CurvePoint> points = List.of(new CurvePoint(1, 2.5), new CurvePoint(2, 1.25), new CurvePoint(3, 0.5));
        String svg = SvgPlot.render(hostile, "step", "loss", List.of(new PlotSeries(hostile, points)), false);
        Document document = parse(svg);
        assertThat(document.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("script").getLength()).isZero();
        assertThat(document.getElementsByTagName("title").item(0).getTextContent())
                .isEqualTo("</text><script>alert('x')</script> & \"quotes\" ");
        assertThat(document.getElementsByTagName("path").getLength()).isEqualTo(1);
        assertThat(texts(document)).contains("step", "loss");
    }

    @Test
    void logScaleTicksArePowersOfTenAndNonPositiveValuesAreLeftOut() throws Exception {
        List<CurvePoint> points = List.of(new CurvePoint(0, 3), new CurvePoint(10, 0.02), new CurvePoint(20, 0),
                new CurvePoint(30, -1), new CurvePoint(40, Double.NaN));
        Document document = parse(SvgPlot.render("t", "step", "loss", List.of(new PlotSeries("a", points)), true));
        assertThat(texts(document)).contains("0.01", "0.1", "1", "10", "loss (log scale)");
        String d = document.getElementsByTagName("path").item(0).getAttributes().getNamedItem("d").getNodeValue();
        assertThat(d.split("L")).hasSize(2);
    }

    @Test
    void anEmptyPlotSaysSo() throws Exception {
        Document document = parse(SvgPlot.render("nothing", "epoch", "value", List.of(new PlotSeries("a", List.of())), false));
        assertThat(texts(document)).contains("no data");
        assertThat(document.getElementsByTagName("path").getLength()).isZero();
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(Svg.ticks(0, 1)).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
        assertThat(Svg.ticks(1, 1000)).contains(0.0, 200.0, 1000.0);
        assertThat(Svg.format(0.30000000000000004)).isEqualTo("0.3");
        assertThat(Svg.format(1_000_000)).isEqualTo("1.00e6");
    }
}
