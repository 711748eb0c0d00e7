package dev.descent.history;

/** A point of a curve: x is the step (per-step metrics) or the epoch (per-epoch metrics). */
public record CurvePoint(long x, double value) {
}
