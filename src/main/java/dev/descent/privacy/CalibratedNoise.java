package dev.descent.privacy;

/**
 * A noise multiplier found for a privacy target, and what it spends.
 *
 * @param noiseMultiplier σ, the smallest found (to {@link NoiseCalibration#RELATIVE_TOLERANCE}) whose ε is within
 *                        the target
 * @param spent           ε (both conversions) at δ for the whole run with that σ; {@code spent.epsilon()} ≤ target
 */
public record CalibratedNoise(double noiseMultiplier, PrivacySpent spent) {
}
