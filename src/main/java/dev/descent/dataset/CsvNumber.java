package dev.descent.dataset;

/**
 * The numbers a CSV cell may hold: an optional sign, digits with an optional decimal point ({@code 1}, {@code 1.5},
 * {@code .5}, {@code 5.}), and an optional exponent ({@code 1e-3}, {@code 2.5E+4}). Nothing else: no spaces, no
 * hexadecimal, no type suffixes ({@code 1d}, {@code 2f}), no NaN or Infinity, which Java's own parser would take.
 * Parsing allocates nothing for the common cells, so a large upload is not copied into strings cell by cell.
 */
final class CsvNumber {

    /** Returned for text outside the grammar. A number within it but beyond double's range is ±Infinity. */
    static final double NOT_A_NUMBER = Double.NaN;

    private static final double[] POWERS_OF_TEN = {
            1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
            1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    /** Significands below 2^53 and powers of ten up to 10^22 are exact doubles (the fast path's condition). */
    private static final long MAX_EXACT_SIGNIFICAND = 1L << 53;
    /** Digits a long holds whatever they are (10^18 < 2^63). */
    private static final int MAX_LONG_DIGITS = 18;
    /** An exponent beyond this makes any significand overflow or vanish; larger ones are not accumulated. */
    private static final int EXPONENT_CAP = 100_000;

    private CsvNumber() {
    }

    /** The cell's value as Java's {@link Double#parseDouble} would give it, or {@link #NOT_A_NUMBER}. */
    static double parse(CharSequence s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        long significand = 0;
        int significantDigits = 0;
        int decimalExponent = 0;
        int digits = 0;
        for (; i < n && isDigit(s.charAt(i)); i++, digits++) {
            significantDigits = accumulate(significand, significantDigits, s.charAt(i));
            if (significantDigits <= MAX_LONG_DIGITS) {
                significand = significand * 10 + (s.charAt(i) - '0');
            }
        }
        if (i < n && s.charAt(i) == '.') {
            for (i++; i < n && isDigit(s.charAt(i)); i++, digits++) {
                significantDigits = accumulate(significand, significantDigits, s.charAt(i));
                if (significantDigits <= MAX_LONG_DIGITS) {
                    significand = significand * 10 + (s.charAt(i) - '0');
                    decimalExponent--;
                }
            }
        }
        if (digits == 0) {
            return NOT_A_NUMBER;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                negativeExponent = s.charAt(i) == '-';
                i++;
            }
            int exponentStart = i;
            int exponent = 0;
            for (; i < n && isDigit(s.charAt(i)); i++) {
                exponent = Math.min(EXPONENT_CAP, exponent * 10 + (s.charAt(i) - '0'));
            }
            if (i == exponentStart) {
                return NOT_A_NUMBER;
            }
            decimalExponent += negativeExponent ? -exponent : exponent;
        }
        if (i != n) {
            return NOT_A_NUMBER;
        }
        if (significantDigits > MAX_LONG_DIGITS || significand >= MAX_EXACT_SIGNIFICAND || Math.abs(decimalExponent) > 22) {
            return Double.parseDouble(s.toString()); // the grammar is a subset of Java's, so this cannot throw
        }
        // Clinger's fast path (1990): both operands are exact doubles, so the one rounding of * or / is the correct one
        double value = decimalExponent >= 0 ? significand * POWERS_OF_TEN[decimalExponent]
                : significand / POWERS_OF_TEN[-decimalExponent];
        return negative ? -value : value;
    }

    /** Counts significant digits: leading zeros are not. */
    private static int accumulate(long significand, int significantDigits, char digit) {
        return significand == 0 && significantDigits == 0 && digit == '0' ? 0 : significantDigits + 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
