package dev.descent.privacy;

import java.util.Arrays;

/**
 * Rényi DP of a mechanism at a fixed list of orders: {@code rdp()[i]} is ε at order {@code orders()[i]}. Curves
 * compose by adding (same orders), and k repetitions multiply by k. Immutable; compute a per-step curve once and
 * scale it, since the scaling costs one multiplication per order.
 */
public final class RdpCurve {

    private static final double[] DEFAULT_ORDERS = defaultOrdersArray();

    private final double[] orders;
    private final double[] rdp;

    private RdpCurve(double[] orders, double[] rdp) {
        this.orders = orders;
        this.rdp = rdp;
    }

    /** 1.1, 1.2, …, 10.9 (99 orders, computed as 1 + x/10 like TF Privacy), then 12, 13, …, 63: 150 orders. */
    public static double[] defaultOrders() {
        return DEFAULT_ORDERS.clone();
    }

    private static double[] defaultOrdersArray() {
        double[] orders = new double[99 + 52];
        int n = 0;
        for (int x = 1; x < 100; x++) {
            orders[n++] = 1 + x / 10.0;
        }
        for (int a = 12; a < 64; a++) {
            orders[n++] = a;
        }
        return Arrays.copyOf(orders, n);
    }

    /** One step of the Poisson-subsampled Gaussian mechanism at the default orders. */
    public static RdpCurve poissonGaussian(double sampleRate, double noiseMultiplier) {
        return poissonGaussian(sampleRate, noiseMultiplier, DEFAULT_ORDERS);
    }

    /** One step of the Poisson-subsampled Gaussian mechanism at the given orders (each > 1). */
    public static RdpCurve poissonGaussian(double sampleRate, double noiseMultiplier, double[] orders) {
        double[] checked = checkOrders(orders);
        double[] rdp = new double[checked.length];
        for (int i = 0; i < checked.length; i++) {
            rdp[i] = SubsampledGaussianRdp.rdp(sampleRate, noiseMultiplier, checked[i]);
        }
        return new RdpCurve(checked, rdp);
    }

    /** No privacy spent yet, at the default orders. */
    public static RdpCurve zero() {
        return zero(DEFAULT_ORDERS);
    }

    /** No privacy spent yet. */
    public static RdpCurve zero(double[] orders) {
        double[] checked = checkOrders(orders);
        return new RdpCurve(checked, new double[checked.length]);
    }

    private static double[] checkOrders(double[] orders) {
        if (orders.length == 0) {
            throw new IllegalArgumentException("at least one order is needed");
        }
        for (double alpha : orders) {
            if (!(alpha > 1)) {
                throw new IllegalArgumentException("orders must be > 1, found " + alpha);
            }
        }
        return orders == DEFAULT_ORDERS ? orders : orders.clone();
    }

    /** This mechanism followed by {@code other} (same orders). */
    public RdpCurve plus(RdpCurve other) {
        return plus(other, 1);
    }

    /** This mechanism followed by {@code steps} runs of {@code perStep}, without building the scaled curve. */
    public RdpCurve plus(RdpCurve perStep, long steps) {
        if (!Arrays.equals(orders, perStep.orders)) {
            throw new IllegalArgumentException("RDP curves over different orders cannot be added");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, was " + steps);
        }
        if (steps == 0) {
            return this;
        }
        double[] sum = new double[rdp.length];
        for (int i = 0; i < rdp.length; i++) {
            sum[i] = rdp[i] + perStep.rdp[i] * steps;
        }
        return new RdpCurve(orders, sum);
    }

    /** ε at δ by the improved conversion (see {@link PrivacySpent}). */
    public double epsilon(double delta) {
        return spent(delta).epsilon();
    }

    /** ε at δ by both conversions, with the optimal orders. */
    public PrivacySpent spent(double delta) {
        return PrivacySpent.of(orders, rdp, delta);
    }

    public double[] orders() {
        return orders.clone();
    }

    public double[] rdp() {
        return rdp.clone();
    }

    /** RDP at {@code orders()[index]}. */
    public double rdp(int index) {
        return rdp[index];
    }

    public int size() {
        return orders.length;
    }

    @Override
    public String toString() {
        return "RdpCurve" + Arrays.toString(rdp) + " at orders " + Arrays.toString(orders);
    }
}
