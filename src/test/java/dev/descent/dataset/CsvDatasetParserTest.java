package dev.descent.dataset;

import org.junit.jupiter.api.Test;

import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvDatasetParserTest {

    private final CsvDatasetParser parser = new CsvDatasetParser(1000, 100);

    private Dataset parse(String csv, String label, Task task) {
        return parser.parse(new StringReader(csv), label, task).decode("t");
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
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.getMessage()).contains("not a number"));
        assertThatThrownBy(() -> parse("a,b,y\n1,1e39,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.getMessage()).contains("finite float32"));
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
        String wide = java.util.stream.IntStream.range(0, 100).mapToObj(c -> "c" + c + ",")
                .collect(java.util.stream.Collectors.joining()) + "y\n" + "1,".repeat(100) + "0\n";
        assertThatThrownBy(() -> parse(wide, "y", null)).isInstanceOfSatisfying(CsvFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.column()).isEqualTo(101);
            assertThat(e.getMessage()).contains("more than 100 columns");
        });
        StringBuilder manyClasses = new StringBuilder("a,y\n");
        for (int i = 0; i <= CsvDatasetParser.MAX_CLASSES; i++) {
            manyClasses.append(i).append(",class-").append(i).append('\n');
        }
        assertThatThrownBy(() -> new CsvDatasetParser(10_000, 100).parse(new StringReader(manyClasses.toString()),
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

    @Test
    void acceptsOnlyTheCsvNumberGrammar() {
        Dataset d = parse("a,y\n1,0\n-1.5,1\n+2,0\n.5,1\n5.,0\n1e3,1\n1E-3,0\n2.5e+4,1\n\"7\",0\n", "y", null);
        assertThat(d.x()).containsExactly(1f, -1.5f, 2f, 0.5f, 5f, 1000f, 0.001f, 25000f, 7f);
        // what Java's parser takes and a CSV number is not
        for (String cell : new String[]{"1d", "2f", "0x1p3", "NaN", "Infinity", "1e", "e5", "--1", "1.2.3", "1_000",
                ".", "-", "١", "1,5"}) {
            assertThatThrownBy(() -> parse("a,y\n\"" + cell + "\",0\n2,1\n", "y", null)).as(cell)
                    .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.column()).isEqualTo(1);
                        assertThat(e.getMessage()).contains("is not a number");
                    });
        }
    }

    @Test
    void refusesCellsWithSpacesAroundThemNamingLineAndColumn() {
        for (String csv : new String[]{"a,b,y\n1, 2,0\n", "a,b,y\n1,2 ,0\n", "a,b,y\n1,\"2\t\",0\n"}) {
            assertThatThrownBy(() -> parse(csv, "y", null)).as(csv)
                    .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                        assertThat(e.line()).isEqualTo(2);
                        assertThat(e.column()).isEqualTo(2);
                        assertThat(e.getMessage()).contains("column 'b'", "spaces around it");
                    });
        }
        assertThatThrownBy(() -> parse("a,y\n1, cat\n2,dog\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.column()).isEqualTo(2));
        assertThatThrownBy(() -> parse("a, y\n1,0\n", " y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(2);
                });
    }

    @Test
    void readsQuotedCellsWithCommasLineBreaksAndDoubledQuotesPerRfc4180() {
        Dataset d = parse("\"weight\r\n(kg)\",\"say \"\"hi\"\", ok\",y\r\n1,2,\"a, b\"\r\n3,4,\"c \"\"d\"\"\"\r\n",
                "y", null);
        assertThat(d.featureNames()).containsExactly("weight\r\n(kg)", "say \"hi\", ok");
        assertThat(d.classNames()).containsExactly("a, b", "c \"d\"");
        assertThat(d.x()).containsExactly(1, 2, 3, 4);
        // a quoted line break moves what follows to later lines, and refusals count them
        assertThatThrownBy(() -> parse("\"a\nb\",y\n1,0\nx,1\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(4));
        // class names are stored one per line: a label may not hold a line break
        assertThatThrownBy(() -> parse("a,y\n1,\"c\nd\"\n2,e\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.getMessage()).contains("line break"));
        assertThatThrownBy(() -> parse("a,y\n\"1\"2,0\n", "y", null)).hasMessageContaining("after the closing quote");
        assertThatThrownBy(() -> parse("a,y\n1\"2,0\n", "y", null)).hasMessageContaining("inside an unquoted cell");
        assertThatThrownBy(() -> parse("a,y\n\"1,0\n2,1\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("unterminated");
                });
        // a byte order mark, bare CR line ends and no final line break
        assertThat(parse("\uFEFFa,y\r1,0\r2,1", "y", null).x()).containsExactly(1, 2);
    }

    @Test
    void refusesEmptyAndDuplicateColumnNamesNamingTheColumn() {
        assertThatThrownBy(() -> parse("a,,y\n1,2,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("no name");
                });
        assertThatThrownBy(() -> parse("a,b,a,y\n1,2,3,0\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.column()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("'a'", "column 1", "unique");
                });
    }

    @Test
    void aRegressionTargetIsFiniteNumbersAndAMixedLabelColumnIsNotTurnedIntoClasses() {
        StringBuilder target = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            target.append(i).append(',').append(i == 17 ? "NaN" : Double.toString(i * 0.37)).append('\n');
        }
        // not stated: one text cell among numbers is refused, naming its line, not taken as 40 classes
        assertThatThrownBy(() -> parse(target.toString(), "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(19);
                    assertThat(e.column()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("'NaN'", "task=regression", "task=classification");
                });
        assertThatThrownBy(() -> parse(target.toString(), "y", Task.REGRESSION))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(19);
                    assertThat(e.getMessage()).contains("regression target");
                });
        assertThat(parse(target.toString(), "y", Task.CLASSIFICATION).classes()).isEqualTo(40);
        assertThatThrownBy(() -> parse("x,y\n1,0.5\n2,1e39\n", "y", null))
                .isInstanceOfSatisfying(CsvFormatException.class, e -> assertThat(e.line()).isEqualTo(3))
                .hasMessageContaining("float32");
        // numbers: more than 20 distinct integers are a regression target, and 1 and 1.0 are one class
        StringBuilder integers = new StringBuilder("x,y\n");
        for (int i = 0; i < 40; i++) {
            integers.append(i).append(',').append(i).append('\n');
        }
        assertThat(parse(integers.toString(), "y", null).task()).isEqualTo(Task.REGRESSION);
        Dataset spelled = parse("x,y\n1,1\n2,1.0\n3,2\n4,10\n", "y", null);
        assertThat(spelled.classNames()).containsExactly("1", "2", "10");
        assertThat(spelled.y()).containsExactly(0, 0, 1, 2);
    }

    @Test
    void aLargeUploadIsParsedWithoutHoldingItsText() {
        // 20 features and a class per row, about 230 characters a row: 23 MB of text, streamed, never held whole
        int rows = 100_000;
        int features = 20;
        CsvDatasetParser big = new CsvDatasetParser(rows, 100);
        big.parse(new GeneratedCsv(1000, features), "y", null); // warm up: classes loaded, code compiled
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        GeneratedCsv csv = new GeneratedCsv(rows, features);
        long before = threads.getCurrentThreadAllocatedBytes();
        EncodedDataset parsed = big.parse(csv, "y", null);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(parsed.rows()).isEqualTo(rows);
        assertThat(parsed.classNames()).containsExactly("a", "b");
        long stored = parsed.data().length;
        assertThat(stored).isBetween(4L * rows * (features + 1), 4L * rows * (features + 1) + 1000);
        // everything allocated, garbage included: the stored form twice (the chunks it is read into, then the
        // stored bytes), the label column's 8 bytes a row, buffers; less than half the text would take as a
        // Java string (2 bytes a character)
        assertThat(allocated).as("allocated for %d characters stored in %d bytes", csv.characters(), stored)
                .isLessThan(2 * stored + 8L * rows + 4_000_000)
                .isLessThan(2 * csv.characters() / 2);
        Dataset d = parsed.decode("big");
        assertThat(d.x()[features + 1]).isEqualTo(Float.parseFloat(GeneratedCsv.value(1, 1)));
        assertThat(d.y()[1]).isEqualTo(1);
    }

    /** A CSV written as it is read, from a few row templates, so that producing it allocates nothing. */
    private static final class GeneratedCsv extends java.io.Reader {

        private final char[][] templates = new char[7][];
        private final long rows;
        private long row = -1;
        private char[] current;
        private int at;
        private long characters;

        GeneratedCsv(long rows, int features) {
            this.rows = rows;
            StringBuilder header = new StringBuilder();
            for (int c = 0; c < features; c++) {
                header.append('f').append(c).append(',');
            }
            current = (header + "y\n").toCharArray();
            for (int t = 0; t < templates.length; t++) {
                StringBuilder line = new StringBuilder();
                for (int c = 0; c < features; c++) {
                    line.append(value(t, c)).append(',');
                }
                templates[t] = (line + (t % 2 == 0 ? "a" : "b") + "\n").toCharArray();
            }
        }

        static String value(int template, int column) {
            return String.format(java.util.Locale.ROOT, "%.8f", -1 + template * 0.31 + column * 0.017);
        }

        long characters() {
            return characters;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (at == current.length) {
                if (++row == rows) {
                    return -1;
                }
                current = templates[(int) (row % templates.length)];
                at = 0;
            }
            int n = Math.min(length, current.length - at);
            System.arraycopy(current, at, buffer, offset, n);
            at += n;
            characters += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
