package dev.descent.dataset;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Within its grammar a CSV number has exactly the value Java's correctly rounded parser gives it. */
class CsvNumberTest {

    @Test
    void equalsDoubleParseDoubleBitForBit() {
        Random random = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            String text = switch (i % 5) {
                case 0 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20));
                case 1 -> Float.toString((float) (random.nextDouble() * 1000));
                case 2 -> String.format(Locale.ROOT, "%." + random.nextInt(12) + "f", random.nextDouble() * 1e6);
                case 3 -> digits(random, 1 + random.nextInt(25)) + "." + digits(random, random.nextInt(25));
                default -> (random.nextBoolean() ? "-" : "+") + digits(random, 1 + random.nextInt(17)) + "e"
                        + (random.nextInt(700) - 350);
            };
            assertThat(Double.doubleToRawLongBits(CsvNumber.parse(text))).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void edgesOfTheGrammar() {
        assertThat(CsvNumber.parse("-0")).isEqualTo(-0.0);
        assertThat(CsvNumber.parse("0.0000000000000000000000000001")).isEqualTo(1e-28);
        assertThat(CsvNumber.parse("9007199254740993")).isEqualTo(9007199254740992.0); // 2^53 + 1 rounds to even
        assertThat(CsvNumber.parse("1e400")).isInfinite();
        assertThat(CsvNumber.parse("1e-99999999999")).isZero();
        for (String text : new String[]{"", "+", "1e+", "1.5e-", "0x10", "1L", " 1", "Infinity", "nan"}) {
            assertThat(CsvNumber.parse(text)).as(text).isNaN();
        }
    }

    private static String digits(Random random, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
