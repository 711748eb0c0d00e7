package dev.descent.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The privacy report shows a private PCA's own ε and its share of the RDP spent. */
class PrivacyReportTest {

    @Test
    void showsThePcasShareOfWhatIsSpent() {
        PrivacySpec spec = new PrivacySpec(1.0, null, 1e-5, null, 3.0, null, null, new PrivacySpec.Pca(60, 7.0));
        PrivacyReport before = PrivacyReport.of(spec, 60000, 600, 30, 0);
        assertThat(before.pca().components()).isEqualTo(60);
        assertThat(before.pca().noiseMultiplier()).isEqualTo(7.0);
        // ε of α/98 at δ = 1e-5 (improved conversion, α = 29; PrivacyBudgetTest derives it)
        assertThat(before.pca().epsilon()).isCloseTo(29.0 / 98 + Math.log(28.0 / 29) + (Math.log(1e5) - Math.log(29)) / 28,
                within(1e-12));
        assertThat(before.epsilon()).isEqualTo(before.pca().epsilon());
        assertThat(before.pca().rdpShare()).isEqualTo(1.0);

        PrivacyReport after = PrivacyReport.of(spec, 60000, 600, 30, 3000);
        assertThat(after.epsilon()).isLessThanOrEqualTo(3.0).isCloseTo(3.0, within(1e-4));
        assertThat(after.plannedEpsilon()).isEqualTo(after.epsilon());
        double alpha = after.optimalOrder();
        double pca = alpha / 98;
        double steps = 3000 * SubsampledGaussianRdp.rdp(0.01, after.noiseMultiplier(), alpha);
        assertThat(after.pca().rdpShare()).isCloseTo(pca / (pca + steps), within(1e-12)).isBetween(0.01, 0.5);
        assertThat(after.pca().epsilon()).isEqualTo(before.pca().epsilon());

        assertThat(PrivacyReport.of(new PrivacySpec(1.0, 1.0, 1e-5, null, null, null, null, null), 60000, 600, 30, 10)
                .pca()).isNull();
    }
}
