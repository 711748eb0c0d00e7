package dev.descent.diagnostics;

/**
 * One recorded value of a diagnostic, after global step {@code step} of epoch {@code epoch}; {@code layer} is the
 * layer's number (from 1) for a per-layer diagnostic, 0 otherwise.
 */
public record DiagnosticPoint(Diagnostic metric, int layer, long step, int epoch, double value) {

    /** The same value numbered from these offsets: a part of a longer run. */
    public DiagnosticPoint shifted(int epochs, long steps) {
        return new DiagnosticPoint(metric, layer, step + steps, epoch + epochs, value);
    }
}
