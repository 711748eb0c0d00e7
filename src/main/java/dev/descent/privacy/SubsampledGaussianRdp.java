package dev.descent.privacy;

/**
 * Rényi differential privacy of one step of the Poisson-subsampled Gaussian mechanism: each example joins the
 * batch with probability q, the clipped sum gets Gaussian noise of standard deviation σ·C.
 * <p>
 * Mironov, Talwar, Zhang, "Rényi Differential Privacy of the Sampled Gaussian Mechanism" (2019), computed as in
 * TensorFlow Privacy's {@code rdp_accountant.py}: RDP(α) = log A_α / (α − 1), with A_α a finite binomial sum for
 * integer α and the paper's erfc series for fractional α, everything in log space so that nothing overflows for
 * large α or small σ.
 */
public final class SubsampledGaussianRdp {

    /** The fractional series stops once both new terms are below e^-30 of the leading ones (as TF Privacy). */
    private static final double SERIES_CUTOFF = -30;
    /** A guard against a series that would not end (q very close to 1 with a large σ converges slowest). */
    private static final int MAX_SERIES_TERMS = 5_000_000;
    private static final double LOG_HALF = Math.log(0.5);
    private static final double SQRT2 = Math.sqrt(2);
    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);

    private SubsampledGaussianRdp() {
    }

    /**
     * RDP of one step at order {@code alpha} > 1.
     *
     * @param sampleRate      q in [0, 1]: 0 costs nothing, 1 is the Gaussian mechanism without subsampling
     * @param noiseMultiplier σ ≥ 0 (noise standard deviation over clipping norm); 0 gives no privacy (+∞)
     */
    public static double rdp(double sampleRate, double noiseMultiplier, double alpha) {
        check(sampleRate, noiseMultiplier);
        if (!(alpha > 1)) {
            throw new IllegalArgumentException("order must be > 1, was " + alpha);
        }
        double q = sampleRate;
        double sigma = noiseMultiplier;
        if (q == 0) {
            return 0;
        }
        // a σ whose square underflows (below ~1e-154) is no noise either: the series would divide by 2σ² = 0
        if (sigma * sigma == 0 || Double.isInfinite(alpha)) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * sigma * sigma);
        }
        double logA = alpha == Math.rint(alpha) && alpha < Integer.MAX_VALUE
                ? logAInteger(q, sigma, (int) alpha)
                : logAFractional(q, sigma, alpha);
        // RDP is ≥ 0; log A rounds to a hair below 0 when σ is huge
        return Math.max(0, logA / (alpha - 1));
    }

    static void check(double sampleRate, double noiseMultiplier) {
        if (!(sampleRate >= 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in [0, 1], was " + sampleRate);
        }
        if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and >= 0, was " + noiseMultiplier);
        }
    }

    /** log A_α = log Σ_{k=0..α} C(α,k) (1−q)^{α−k} q^k exp((k²−k)/(2σ²)), for integer α ≥ 2 and 0 < q < 1. */
    static double logAInteger(double q, double sigma, int alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double logA = Double.NEGATIVE_INFINITY;
        double logBinomial = 0; // log C(α, 0)
        for (int k = 0; k <= alpha; k++) {
            if (k > 0) {
                logBinomial += Math.log(alpha - k + 1) - Math.log(k);
            }
            double term = logBinomial + k * logQ + (alpha - k) * log1mQ + ((double) k * k - k) / twoSigma2;
            logA = logAdd(logA, term);
        }
        return logA;
    }

    /**
     * log A_α for fractional α: the two erfc series of Mironov et al. (2019), section 3.3, with
     * z0 = σ² log(1/q − 1) + 1/2; generalised binomial coefficients change sign once i > α, so terms are added
     * or subtracted in log space.
     */
    static double logAFractional(double q, double sigma, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoSigma2 = 2 * sigma * sigma;
        double z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
        double logA0 = Double.NEGATIVE_INFINITY;
        double logA1 = Double.NEGATIVE_INFINITY;
        double logAbsBinomial = 0; // log |C(α, 0)|
        boolean positive = true;
        for (int i = 0; ; i++) {
            if (i > 0) {
                double factor = (alpha - (i - 1)) / i; // C(α, i) = C(α, i−1)·(α − i + 1)/i
                logAbsBinomial += Math.log(Math.abs(factor));
                positive = positive == factor > 0;
            }
            double j = alpha - i;
            double logT0 = logAbsBinomial + i * logQ + j * log1mQ;
            double logT1 = logAbsBinomial + j * logQ + i * log1mQ;
            double logE0 = LOG_HALF + logErfc((i - z0) / (SQRT2 * sigma));
            double logE1 = LOG_HALF + logErfc((z0 - j) / (SQRT2 * sigma));
            double logS0 = logT0 + ((double) i * i - i) / twoSigma2 + logE0;
            double logS1 = logT1 + (j * j - j) / twoSigma2 + logE1;
            if (positive) {
                logA0 = logAdd(logA0, logS0);
                logA1 = logAdd(logA1, logS1);
            } else {
                logA0 = logSub(logA0, logS0);
                logA1 = logSub(logA1, logS1);
            }
            if (Math.max(logS0, logS1) < SERIES_CUTOFF) {
                return logAdd(logA0, logA1);
            }
            if (Double.isNaN(logS0) || Double.isNaN(logS1) || i >= MAX_SERIES_TERMS) {
                throw new ArithmeticException("the RDP series for q=" + q + ", sigma=" + sigma + ", alpha=" + alpha
                        + " does not converge");
            }
        }
    }

    /** log(e^x + e^y) without overflow. */
    static double logAdd(double logX, double logY) {
        double a = Math.min(logX, logY);
        double b = Math.max(logX, logY);
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        return Math.log1p(Math.exp(a - b)) + b;
    }

    /** log(e^x − e^y) for x ≥ y. */
    static double logSub(double logX, double logY) {
        if (logX < logY) {
            throw new ArithmeticException("log-space subtraction would be negative: " + logX + " < " + logY);
        }
        if (logY == Double.NEGATIVE_INFINITY) {
            return logX;
        }
        if (logX == logY) {
            return Double.NEGATIVE_INFINITY;
        }
        double d = logX - logY;
        // for large d, e^d − 1 overflows while log(e^x − e^y) is x to double precision
        return d > 700 ? logX : Math.log(Math.expm1(d)) + logY;
    }

    /**
     * log erfc(x) to about 1e-13 relative for every x, including x ≫ 1 where erfc underflows: the series of erf
     * below 2, Laplace's continued fraction for e^{x²} erfc(x) from 2 on (Abramowitz and Stegun 7.1.14).
     */
    static double logErfc(double x) {
        if (x < 2) {
            return Math.log(erfc(x));
        }
        return -x * x + Math.log(scaledErfcContinuedFraction(x)) - LOG_SQRT_PI;
    }

    /** erfc(x) = 1 − erf(x). */
    static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < 2) {
            return 1 - erfSeries(x);
        }
        return Math.exp(-x * x) * scaledErfcContinuedFraction(x) / Math.sqrt(Math.PI);
    }

    /** erf(x) = (2/√π) e^{−x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1)): positive terms, no cancellation (A&amp;S 7.1.6). */
    private static double erfSeries(double x) {
        double term = x;
        double sum = x;
        double x2 = x * x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
        }
        return 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
    }

    /**
     * √π e^{x²} erfc(x) = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated by the modified Lentz method;
     * converges fast for x ≥ 2.
     */
    private static double scaledErfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = f;
        double d = 0;
        for (int n = 1; n < 10_000; n++) {
            double a = n / 2.0;
            d = x + a * d;
            d = d == 0 ? tiny : d;
            c = x + a / c;
            c = c == 0 ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }
}
