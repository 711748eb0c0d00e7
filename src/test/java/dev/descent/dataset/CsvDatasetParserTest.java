package dev.descent.dataset;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDatasetParserTest {

    private final CsvDatasetParser parser = new CsvDatasetParser(1000, 100);

    private Dataset parse(String csv, String label, Task task) {
        return parser.parse("t", new StringReader(csv), label, task);
    }

    @Test
    void readsFeaturesAndNamedClassesSortedByName() {
        Dataset d = parse("a,species,b\n1,virginica,2\n3,setosa,4\n5,\"virginica\",6\n", "species", null);
        assertThat(d.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(d.featureNames()).containsExactly("a", "b");
        assertThat(d.classNames()).containsExactly("setosa", "virginica");
        assertThat(d.x()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(d.y()).containsExactly(1, 0, 1);
    }

    @Test
    void infersRegressionFromRealValuedLabelsAndClassesFromFewIntegers() {
        assertThat(parse("x,y\n1,0.5\n2,1.5\n", "y", null).task()).isEqualTo(Task.REGRESSION);
        Dataset classes = parse("x,y\n1,10\n2,2\n3,10\n", "y", null);
        assertThat(classes.task()).isEqualTo(Task.CLASSIFICATION);
        assertThat(classes.classNames()).containsExactly("2", "10");
        assertThat(parse("x,y\n1,10\n2,2\n", "y", Task.REGRESSION).y()).containsExactly(10, 2);
    }

    @Test
    void refusesRaggedRowsNamingTheLine() {
        assertThatThrownBy(() -> parse("a,b,y\n1,2,0\n1,2\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("2 cells", "header has 3");
                });
    }

    @Test
    void refusesNonNumericNanAndEmptyCellsNamingLineAndColumn() {
        assertThatThrownBy(() -> parse("a,b,y\n1,2,0\n1,x,1\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("'x'", "column 'b'", "not a number");
                });
        assertThatThrownBy(() -> parse("a,b,y\nNaN,2,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.column()).isEqualTo(1));
        assertThatThrownBy(() -> parse("a,b,y\n1,Infinity,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.getMessage()).contains("finite"));
        assertThatThrownBy(() -> parse("a,b,y\n1,,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.column()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("empty cell");
                });
    }

    @Test
    void refusesUnknownLabelColumnEmptyFilesAndTooManyRows() {
        assertThatThrownBy(() -> parse("a,b\n1,2\n", "label", null)).hasMessageContaining("'label' is not in the header");
        assertThatThrownBy(() -> parse("", "y", null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> parse("a,y\n", "y", null)).hasMessageContaining("no data rows");
        StringBuilder many = new StringBuilder("a,y\n");
        for (int i = 0; i < 1001; i++) {
            many.append(i).append(",").append(i % 2).append('\n');
        }
        assertThatThrownBy(() -> parse(many.toString(), "y", null)).hasMessageContaining("more than 1000");
    }

    @Test
    void refusesCsvBombsBeforeTheyFillMemoryOrTheDatabase() {
        String wide = "c,".repeat(100) + "y\n" + "1,".repeat(100) + "0\n";
        assertThatThrownBy(() -> parse(wide, "y", null)).isInstanceOfSatisfying(CsvFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(101);
            assertThat(e.getMessage()).contains("more than 100 columns");
        });
        StringBuilder manyClasses = new StringBuilder("a,y\n");
        for (int i = 0; i <= CsvDatasetParser.MAX_CLASSES; i++) {
            manyClasses.append(i).append(",class-").append(i).append('\n');
        }
        assertThatThrownBy(() -> new CsvDatasetParser(10_000, 100).parse("t", new StringReader(manyClasses.toString()),
                "y", null)).hasMessageContaining("at most 1000 classes");
        String longName = "x".repeat(CsvDatasetParser.MAX_CLASS_NAME_LENGTH + 1);
        assertThatThrownBy(() -> parse("a,y\n1,cat\n2," + longName + "\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("longer than 64 characters");
                });
        assertThatThrownBy(() -> parse("a".repeat(201) + ",y\n1,0\n2,1\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.column()).isEqualTo(1))
                .hasMessageContaining("longer than 200 characters");
        assertThatThrownBy(() -> parse("a\u0000b,y\n1,0\n2,1\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.column()).isEqualTo(1))
                .hasMessageContaining("control character");
        assertThatThrownBy(() -> parse("a,y\n1,c\u0000t\n2,dog\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void refusesASingleClassAndNonNumericRegressionTargets() {
        assertThatThrownBy(() -> parse("a,y\n1,cat\n2,cat\n", "y", null)).hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> parse("a,y\n1,cat\n2,dog\n", "y", Task.REGRESSION))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(2));
    }
}
