package dev.descent.privacy;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class RdpAccountantTest {

    /** TF Privacy's DP-SGD setting: q = B/N, steps = ⌈epochs·N/B⌉ (compute_dp_sgd_privacy_lib). */
    private static RdpAccountant dpSgd(long n, long batchSize, double sigma, long epochs) {
        return RdpAccountant.poissonGaussian((double) batchSize / n, sigma, Math.floorDiv(-epochs * n, -batchSize));
    }

    private static void assertRelative(double actual, double expected, double tolerance) {
        assertThat(Math.abs(actual - expected)).as("%s vs %s", actual, expected)
                .isLessThanOrEqualTo(tolerance * Math.abs(expected));
    }

    // TF Privacy, compute_dp_sgd_privacy_lib_test.py: ('Test0', 60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0)
    // and ('Test1', 100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13.0). They are the improved conversion
    // (compute_epsilon, Balle et al. 2020); the classic rdp − ln δ/(α−1) gives 0.94187 and 1.70929 (a port of
    // rdp_accountant.py with the classic formula, run with SciPy 1.17).
    @Test
    void tfPrivacyPublishedValuesUseTheImprovedConversion() {
        PrivacySpent mnist = dpSgd(60000, 150, 1.3, 15).spent(1e-5);
        assertRelative(mnist.epsilon(), 0.7242234026109595, 1e-6);
        assertThat(mnist.optimalOrder()).isEqualTo(19.0);
        assertRelative(mnist.classicEpsilon(), 0.9418705671682341, 1e-6);

        PrivacySpent large = dpSgd(100000, 100, 1.0, 30).spent(1e-7);
        assertRelative(large.epsilon(), 1.4154988495444842, 1e-6);
        assertThat(large.optimalOrder()).isEqualTo(13.0);
        assertRelative(large.classicEpsilon(), 1.7092873370064823, 1e-6);

        assertThat(dpSgd(60000, 150, 1.3, 15).epsilon(1e-5)).isEqualTo(mnist.epsilon());
        assertThat(dpSgd(60000, 150, 1.3, 15).steps()).isEqualTo(6000);
    }

    @Test
    void defaultOrdersAreTfPrivacys() {
        double[] orders = RdpCurve.defaultOrders();
        assertThat(orders).hasSize(99 + 52);
        assertThat(orders[0]).isEqualTo(1.1);
        assertThat(orders[98]).isEqualTo(10.9);
        assertThat(orders[99]).isEqualTo(12.0);
        assertThat(orders[orders.length - 1]).isEqualTo(63.0);
        assertThat(orders[9]).isEqualTo(2.0); // 1 + 10/10.0 is exactly 2: the integer formula is used
    }

    @Test
    void withoutSubsamplingEachStepCostsTheGaussianMechanismsAlphaOverTwoSigmaSquared() {
        double sigma = 0.8;
        RdpAccountant accountant = RdpAccountant.poissonGaussian(1.0, sigma, 7);
        double[] orders = accountant.orders();
        double[] rdp = accountant.rdp().rdp();
        for (int i = 0; i < orders.length; i++) {
            assertThat(rdp[i]).isEqualTo(7 * (orders[i] / (2 * sigma * sigma)));
            assertThat(SubsampledGaussianRdp.rdp(1.0, sigma, orders[i])).isEqualTo(orders[i] / (2 * sigma * sigma));
        }
    }

    @Test
    void specialCases() {
        assertThat(SubsampledGaussianRdp.rdp(0, 1, 3)).isZero();
        assertThat(SubsampledGaussianRdp.rdp(0, 0, 3)).isZero();
        assertThat(SubsampledGaussianRdp.rdp(0.1, 0, 3)).isInfinite();
        assertThat(RdpAccountant.poissonGaussian(0, 1, 1000).epsilon(1e-5)).isZero();
        assertThat(RdpAccountant.poissonGaussian(0.1, 0, 1).epsilon(1e-5)).isInfinite();
        assertThat(RdpAccountant.poissonGaussian(0.1, 0, 0).epsilon(1e-5)).isZero();
        assertThat(RdpAccountant.empty().epsilon(1e-5)).isZero();
        // a σ whose square underflows is no noise: no privacy, rather than a series that never converges
        assertThat(SubsampledGaussianRdp.rdp(0.5, 1e-300, 1.1)).isInfinite();
        assertThat(RdpAccountant.poissonGaussian(1e-300, 1e-300, 1_000_000_000).epsilon(1e-300)).isInfinite();
        // huge noise: RDP is tiny but never negative
        for (double r : RdpCurve.poissonGaussian(1e-3, 1e6).rdp()) {
            assertThat(r).isGreaterThanOrEqualTo(0);
        }
    }

    /** A_α = Σ_k C(α,k) (1−q)^{α−k} q^k exp((k²−k)/(2σ²)) term by term in 60-digit decimals. */
    private static double bruteForceIntegerRdp(double q, double sigma, int alpha) {
        MathContext mc = new MathContext(60);
        BigDecimal bq = new BigDecimal(q);
        BigDecimal oneMinusQ = BigDecimal.ONE.subtract(bq);
        BigDecimal sum = BigDecimal.ZERO;
        BigInteger binomial = BigInteger.ONE;
        for (int k = 0; k <= alpha; k++) {
            if (k > 0) {
                binomial = binomial.multiply(BigInteger.valueOf(alpha - k + 1)).divide(BigInteger.valueOf(k));
            }
            BigDecimal term = new BigDecimal(binomial).multiply(bq.pow(k, mc), mc).multiply(oneMinusQ.pow(alpha - k, mc), mc)
                    .multiply(exp((k * (double) k - k) / (2 * sigma * sigma), mc), mc);
            sum = sum.add(term, mc);
        }
        return log(sum, mc) / (alpha - 1);
    }

    /** e^x beyond the double range: (e^{x/m})^m, each factor a double (relative error about m·1e-16). */
    private static BigDecimal exp(double x, MathContext mc) {
        int m = (int) Math.ceil(Math.abs(x) / 500) + 1;
        return new BigDecimal(Math.exp(x / m)).pow(m, mc);
    }

    /** ln of a positive decimal beyond the double range; through log1p near 1 so that small RDP keeps its digits. */
    private static double log(BigDecimal value, MathContext mc) {
        if (value.compareTo(BigDecimal.valueOf(2)) < 0) {
            return Math.log1p(value.subtract(BigDecimal.ONE, mc).doubleValue());
        }
        int exponent = value.precision() - value.scale() - 1;
        return Math.log(value.scaleByPowerOfTen(-exponent).doubleValue()) + exponent * Math.log(10);
    }

    @Test
    void integerOrdersMatchTheBinomialSumInExactArithmetic() {
        double[][] cases = {{0.01, 1.3}, {0.3, 0.7}, {0.0025, 1.0}, {0.9, 2.0}, {0.05, 5.0}};
        for (double[] c : cases) {
            for (int alpha : new int[]{2, 3, 5, 10, 17, 32}) {
                double expected = bruteForceIntegerRdp(c[0], c[1], alpha);
                assertRelative(SubsampledGaussianRdp.rdp(c[0], c[1], alpha), expected, 1e-12);
            }
        }
        // the binomial sum for α = 2 in closed form: A_2 = 1 + q²(e^{1/σ²} − 1)
        assertRelative(SubsampledGaussianRdp.rdp(0.1, 1.5, 2), Math.log1p(0.01 * Math.expm1(1 / 2.25)), 1e-14);
    }

    /**
     * A_α = E_{z∼N(0,σ²)}[(1 − q + q·e^{(2z−1)/(2σ²)})^α] (Mironov, Talwar, Zhang 2019, section 3), by composite
     * Simpson over [−20σ, α + 20σ], integrating A_α − 1 so that small RDP keeps its digits.
     */
    private static double integratedRdp(double q, double sigma, double alpha) {
        double from = -20 * sigma;
        double to = alpha + 20 * sigma;
        int n = 200_000;
        double h = (to - from) / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double z = from + i * h;
            double density = Math.exp(-z * z / (2 * sigma * sigma)) / (sigma * Math.sqrt(2 * Math.PI));
            double ratioMinusOne = q * Math.expm1((2 * z - 1) / (2 * sigma * sigma));
            double f = density * Math.expm1(alpha * Math.log1p(ratioMinusOne));
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return Math.log1p(sum * h / 3) / (alpha - 1);
    }

    @Test
    void fractionalOrdersMatchNumericalIntegration() {
        double[][] cases = {{0.01, 1.3, 1.5}, {0.3, 0.7, 2.5}, {0.05, 2.0, 4.7}, {0.0025, 1.0, 1.1}, {0.2, 1.0, 7.3}};
        for (double[] c : cases) {
            // the series stops at terms below e^-30 (as TF Privacy), about 1e-13 of A_α: relative 1e-7 on small RDP
            assertRelative(SubsampledGaussianRdp.rdp(c[0], c[1], c[2]), integratedRdp(c[0], c[1], c[2]), 1e-7);
        }
        // independent reference: mpmath quad at 30 digits of the same integral
        assertRelative(SubsampledGaussianRdp.rdp(0.3, 0.7, 2.5), 0.832722336464926039, 1e-12);
        assertRelative(SubsampledGaussianRdp.rdp(0.05, 2.0, 4.7), 0.00173720820103895123, 1e-9);
    }

    @Test
    void logErfcAgreesWithScipy() {
        // scipy.special.erfc and log(2) + log_ndtr(−x√2), SciPy 1.17
        assertRelative(SubsampledGaussianRdp.erfc(-1), 1.8427007929497148, 1e-15);
        assertRelative(SubsampledGaussianRdp.erfc(0.5), 0.4795001221869535, 1e-15);
        assertRelative(SubsampledGaussianRdp.erfc(1), 0.15729920705028516, 1e-14);
        assertRelative(SubsampledGaussianRdp.erfc(1.999), 0.0046984433486294865, 1e-12);
        assertRelative(SubsampledGaussianRdp.erfc(2), 0.004677734981047266, 1e-14);
        assertRelative(SubsampledGaussianRdp.erfc(3), 2.2090496998585445e-05, 1e-14);
        assertRelative(SubsampledGaussianRdp.logErfc(10), -102.87988902484493, 1e-15);
        assertRelative(SubsampledGaussianRdp.logErfc(30), -903.9741171106442, 1e-15);
        assertRelative(SubsampledGaussianRdp.logErfc(100), -10005.177585122668, 1e-15);
        assertThat(SubsampledGaussianRdp.logAdd(Math.log(2), Math.log(3))).isCloseTo(Math.log(5), within(1e-15));
        assertThat(SubsampledGaussianRdp.logSub(Math.log(5), Math.log(3))).isCloseTo(Math.log(2), within(1e-15));
        assertThat(SubsampledGaussianRdp.logSub(1000, 0)).isEqualTo(1000);
    }

    @Test
    void epsilonFallsWithNoiseAndGrowsWithStepsAndSampleRate() {
        double previous = Double.POSITIVE_INFINITY;
        for (double sigma = 0.5; sigma <= 8; sigma *= 1.25) {
            double eps = RdpAccountant.poissonGaussian(0.01, sigma, 1000).epsilon(1e-5);
            assertThat(eps).isLessThan(previous);
            previous = eps;
        }
        previous = 0;
        RdpAccountant accountant = RdpAccountant.empty();
        for (int epoch = 0; epoch < 20; epoch++) {
            accountant = accountant.plus(0.01, 1.1, 100);
            double eps = accountant.epsilon(1e-5);
            assertThat(eps).isGreaterThan(previous);
            previous = eps;
        }
        previous = 0;
        for (double q = 1e-4; q <= 1; q *= 2) {
            double eps = RdpAccountant.poissonGaussian(q, 1.1, 100).epsilon(1e-5);
            assertThat(eps).isGreaterThan(previous);
            previous = eps;
        }
        assertThat(RdpAccountant.poissonGaussian(0.01, 1.1, 100).epsilon(1e-7))
                .isGreaterThan(RdpAccountant.poissonGaussian(0.01, 1.1, 100).epsilon(1e-5));
    }

    @Test
    void phasesAddTheirRdp() {
        RdpAccountant twoPhases = RdpAccountant.poissonGaussian(0.01, 1.1, 300).plus(0.02, 2.0, 500);
        double[] first = RdpCurve.poissonGaussian(0.01, 1.1).rdp();
        double[] second = RdpCurve.poissonGaussian(0.02, 2.0).rdp();
        double[] total = twoPhases.rdp().rdp();
        for (int i = 0; i < total.length; i++) {
            assertThat(total[i]).isCloseTo(300 * first[i] + 500 * second[i], within(1e-12 * total[i]));
        }
        assertThat(twoPhases.phases()).containsExactly(new RdpAccountant.Phase(0.01, 1.1, 300),
                new RdpAccountant.Phase(0.02, 2.0, 500));
        assertThat(twoPhases.steps()).isEqualTo(800);
        assertThat(twoPhases.epsilon(1e-5)).isGreaterThan(RdpAccountant.poissonGaussian(0.01, 1.1, 300).epsilon(1e-5));

        // epoch by epoch is the same as all at once, and continues one phase
        RdpAccountant epochs = RdpAccountant.poissonGaussian(0.01, 1.1, 100).plus(0.01, 1.1, 100).plusSteps(100);
        assertThat(epochs.phases()).containsExactly(new RdpAccountant.Phase(0.01, 1.1, 300));
        assertThat(epochs.epsilon(1e-5)).isCloseTo(RdpAccountant.poissonGaussian(0.01, 1.1, 300).epsilon(1e-5),
                within(1e-12));
        // immutability: the accountant a "what if" started from is unchanged
        RdpAccountant before = RdpAccountant.poissonGaussian(0.01, 1.1, 100);
        double eps = before.epsilon(1e-5);
        before.plusSteps(10_000);
        assertThat(before.epsilon(1e-5)).isEqualTo(eps);
        assertThat(before.perStep(0.01, 1.1).rdp()).containsExactly(RdpCurve.poissonGaussian(0.01, 1.1).rdp());
    }

    @Test
    void stepsWithinABudgetIsTheLastStepThatFits() {
        RdpAccountant spent = RdpAccountant.poissonGaussian(0.0025, 1.3, 3000);
        long more = spent.stepsWithin(0.0025, 1.3, 1e-5, 0.7242234026109595);
        assertThat(spent.plusSteps(more).epsilon(1e-5)).isLessThanOrEqualTo(0.7242234026109595);
        assertThat(spent.plusSteps(more + 1).epsilon(1e-5)).isGreaterThan(0.7242234026109595);
        assertThat(more).isBetween(2990L, 3000L); // the published value is at 6000 steps in all
        assertThat(spent.stepsWithin(0.0025, 1.3, 1e-5, 0.1)).isZero();
        assertThat(spent.stepsWithin(0, 1.3, 1e-5, 1)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void calibratedNoiseMeetsTheTargetAndIsTheSmallestToTheTolerance() {
        for (double[] c : List.of(new double[]{0.01, 10_000, 1e-5, 1.0}, new double[]{0.0025, 6000, 1e-5, 0.7242234026109595},
                new double[]{0.1, 50, 1e-6, 8.0}, new double[]{1.0, 10, 1e-5, 3.0})) {
            double q = c[0];
            long steps = (long) c[1];
            double delta = c[2];
            double target = c[3];
            CalibratedNoise noise = NoiseCalibration.smallestNoiseMultiplier(q, steps, delta, target);
            double sigma = noise.noiseMultiplier();
            double eps = RdpAccountant.poissonGaussian(q, sigma, steps).epsilon(delta);
            assertThat(eps).isEqualTo(noise.spent().epsilon()).isLessThanOrEqualTo(target);
            assertThat(eps).isCloseTo(target, withinPercentage(0.01));
            double smaller = sigma * (1 - 2 * NoiseCalibration.RELATIVE_TOLERANCE);
            assertThat(RdpAccountant.poissonGaussian(q, smaller, steps).epsilon(delta)).isGreaterThan(target);
        }
        // round trip with the published value
        assertThat(NoiseCalibration.smallestNoiseMultiplier(0.0025, 6000, 1e-5, 0.7242234026109595).noiseMultiplier())
                .isCloseTo(1.3, within(1.3 * 1e-5));
    }

    @Test
    void calibrationCountsWhatWasSpentBefore() {
        RdpAccountant before = RdpAccountant.poissonGaussian(0.01, 1.0, 1000);
        CalibratedNoise rest = NoiseCalibration.smallestNoiseMultiplier(before, 0.01, 1000, 1e-5, 3.0);
        assertThat(before.plus(0.01, rest.noiseMultiplier(), 1000).epsilon(1e-5)).isLessThanOrEqualTo(3.0)
                .isEqualTo(rest.spent().epsilon());
        assertThat(rest.noiseMultiplier())
                .isGreaterThan(NoiseCalibration.smallestNoiseMultiplier(0.01, 1000, 1e-5, 3.0).noiseMultiplier());
    }

    @Test
    void unreachableTargetsAndBadArgumentsAreRefusedClearly() {
        // full batches for 1000 steps: even σ = 10⁶ leaves ε ≈ 0.1 at δ = 1e-5
        assertThatThrownBy(() -> NoiseCalibration.smallestNoiseMultiplier(1.0, 1000, 1e-5, 0.01))
                .isInstanceOf(UnreachableEpsilonException.class)
                .hasMessageContaining("epsilon 0.01 at delta 1.0E-5 cannot be reached");
        // a target so loose that the smallest σ searched already meets it
        assertThat(NoiseCalibration.smallestNoiseMultiplier(1e-4, 1, 1e-5, 1e6).noiseMultiplier())
                .isEqualTo(NoiseCalibration.MIN_NOISE_MULTIPLIER);
        assertThatThrownBy(() -> RdpAccountant.poissonGaussian(1.5, 1, 1)).hasMessage("sampleRate must be in [0, 1], was 1.5");
        assertThatThrownBy(() -> RdpAccountant.poissonGaussian(0.1, -1, 1)).hasMessageContaining("noiseMultiplier");
        assertThatThrownBy(() -> RdpAccountant.poissonGaussian(0.1, 1, -1)).hasMessageContaining("steps");
        assertThatThrownBy(() -> RdpAccountant.empty().epsilon(0)).hasMessage("delta must be in (0, 1), was 0.0");
        assertThatThrownBy(() -> RdpAccountant.empty(1.0, 2.0)).hasMessageContaining("orders must be > 1");
        assertThatThrownBy(() -> RdpAccountant.empty().plusSteps(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NoiseCalibration.smallestNoiseMultiplier(0.1, 10, 1e-5, 0))
                .hasMessageContaining("targetEpsilon");
    }

    @Test
    void customOrders() {
        RdpAccountant accountant = RdpAccountant.empty(2, 4, 8, 16, 32).plus(0.0025, 1.3, 6000);
        PrivacySpent spent = accountant.spent(1e-5);
        assertThat(accountant.orders()).containsExactly(2, 4, 8, 16, 32);
        // fewer orders can only be worse than TF's 150
        assertThat(spent.epsilon()).isGreaterThanOrEqualTo(0.7242234026109595).isLessThan(0.8);
        assertThat(spent.optimalOrder()).isEqualTo(16.0);
    }
}
