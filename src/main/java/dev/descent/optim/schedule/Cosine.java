package dev.descent.optim.schedule;

/** The half-cosine from {@code from} at fraction 0 to {@code to} at fraction 1, shared by the cosine schedules. */
final class Cosine {

    private Cosine() {
    }

    static double anneal(double from, double to, double fraction) {
        return to + (from - to) * (1 + Math.cos(Math.PI * fraction)) / 2;
    }
}
