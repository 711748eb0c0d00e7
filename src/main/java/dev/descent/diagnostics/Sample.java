package dev.descent.diagnostics;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A fixed sample of training rows, drawn once per run without replacement from its own seeded stream (the run's
 * other streams are not touched, so a run with diagnostics trains exactly as one without). Copies, held outside any
 * workspace.
 */
public record Sample(INDArray x, INDArray y) {

    public static Sample of(INDArray allX, INDArray allY, int size, long seed) {
        int rows = (int) allX.rows();
        int n = Math.min(size, rows);
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            int j = i + rng.nextInt(rows - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int[] chosen = Arrays.copyOf(order, n);
        Arrays.sort(chosen);
        return new Sample(allX.getRows(chosen).detach(), allY.getRows(chosen).detach());
    }

    public int rows() {
        return (int) x.rows();
    }
}
