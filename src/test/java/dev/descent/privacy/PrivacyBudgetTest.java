package dev.descent.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A private PCA composed with DP-SGD's steps: its RDP α/(2σ_p²) is added at every order before the conversion to
 * (ε, δ), and the noise calibration and the step budget leave it its share. Reference values derived by hand.
 */
class PrivacyBudgetTest {

    private static final double DELTA = 1e-5;
    private static final double LN_1E5 = Math.log(1e5);

    private static PrivacySpec spec(Double noiseMultiplier, Double targetEpsilon, double pcaNoise) {
        return new PrivacySpec(1.0, noiseMultiplier, DELTA, null, targetEpsilon, null, null,
                new PrivacySpec.Pca(60, pcaNoise));
    }

    @Test
    void thePcaAloneIsTheGaussianMechanism() {
        RdpAccountant pca = PrivatePca.cost(7);
        double[] orders = pca.orders();
        for (int i = 0; i < orders.length; i++) {
            assertThat(pca.rdp().rdp(i)).isEqualTo(orders[i] / 98);
        }
        PrivacySpent spent = pca.spent(DELTA);
        // classic: min over α of α/98 + ln(1e5)/(α − 1); the continuous optimum 1 + 7√(2 ln 1e5) ≈ 34.6 falls
        // between the orders 34 (0.6958153), 35 (0.6957583) and 36 (0.6962877): α = 35
        assertThat(spent.classicOptimalOrder()).isEqualTo(35.0);
        assertThat(spent.classicEpsilon()).isCloseTo(35.0 / 98 + LN_1E5 / 34, within(1e-12));
        // improved: α/98 + ln((α − 1)/α) + (ln 1e5 − ln α)/(α − 1): 0.5523362 at 28, 0.5517418 at 29, 0.5519348 at 30
        assertThat(spent.optimalOrder()).isEqualTo(29.0);
        assertThat(spent.epsilon()).isCloseTo(29.0 / 98 + Math.log(28.0 / 29) + (LN_1E5 - Math.log(29)) / 28,
                within(1e-12));
        assertThat(PrivacyBudget.upFront(spec(1.0, null, 7)).epsilon(DELTA)).isEqualTo(spent.epsilon());
        assertThat(PrivacyBudget.upFront(new PrivacySpec(1.0, 1.0, DELTA, null, null, null, null, null)).rdp().rdp())
                .containsOnly(0.0);
    }

    @Test
    void composingAddsRdpAtEveryOrderBeforeConverting() {
        // full batches (q = 1): one step at σ = 7 after the PCA at σ_p = 7 is RDP α/98 + α/98 = α/49, a Gaussian
        // mechanism with σ² = 24.5; classic min of α/49 + ln(1e5)/(α − 1): 0.9903575 at 24, 0.9899088 at 25,
        // 0.9911292 at 26
        PrivacyBudget budget = PrivacyBudget.of(spec(7.0, null, 7), 1000, 1000, 1);
        assertThat(budget.sampleRate()).isEqualTo(1.0);
        PrivacySpent spent = budget.spent(1);
        assertThat(spent.classicOptimalOrder()).isEqualTo(25.0);
        assertThat(spent.classicEpsilon()).isCloseTo(25.0 / 49 + LN_1E5 / 24, within(1e-12));
        assertThat(spent.epsilon()).isEqualTo(RdpAccountant.poissonGaussian(1, Math.sqrt(24.5), 1).epsilon(DELTA));
        // before the first step the PCA alone has been spent
        assertThat(budget.spent(0).epsilon()).isEqualTo(PrivatePca.cost(7).epsilon(DELTA));
        // subsampled steps: the PCA's RDP plus steps × the step's, order by order
        PrivacyBudget mnist = PrivacyBudget.of(spec(1.1, null, 7), 60000, 600, 30);
        RdpCurve total = PrivatePca.cost(7).plus(0.01, 1.1, 3000).rdp();
        for (int i = 0; i < total.size(); i++) {
            assertThat(total.rdp(i)).isCloseTo(total.orders()[i] / 98
                    + 3000 * SubsampledGaussianRdp.rdp(0.01, 1.1, total.orders()[i]), within(1e-12));
        }
        assertThat(mnist.epsilon(3000)).isEqualTo(total.epsilon(DELTA));
    }

    @Test
    void calibrationLeavesThePcaItsShare() {
        PrivacyBudget withPca = PrivacyBudget.of(spec(null, 3.0, 7), 60000, 600, 30);
        PrivacyBudget without = PrivacyBudget.of(new PrivacySpec(1.0, null, DELTA, null, 3.0, null, null, null), 60000,
                600, 30);
        assertThat(withPca.plannedSteps()).isEqualTo(3000);
        assertThat(withPca.epsilon(3000)).isLessThanOrEqualTo(3.0).isCloseTo(3.0, within(1e-4));
        assertThat(withPca.noiseMultiplier()).isGreaterThan(without.noiseMultiplier());
        // the steps alone stay clearly within the target: the PCA has the rest
        assertThat(RdpAccountant.poissonGaussian(0.01, withPca.noiseMultiplier(), 3000).epsilon(DELTA))
                .isLessThan(2.95);
    }

    @Test
    void theStepBudgetCountsThePca() {
        PrivacyBudget budget = PrivacyBudget.of(spec(1.0, 3.0, 4), 60000, 600, 100);
        long steps = budget.stepBudget();
        assertThat(budget.epsilon(steps)).isLessThanOrEqualTo(3.0);
        assertThat(budget.epsilon(steps + 1)).isGreaterThan(3.0);
        assertThat(steps).isLessThan(RdpAccountant.empty().stepsWithin(0.01, 1.0, DELTA, 3.0));
    }
}
