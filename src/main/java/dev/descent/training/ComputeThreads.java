package dev.descent.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * How many threads one ND4J operation (and one BLAS call) started from the calling thread may use. Several jobs training at once
 * each get a share of the cores: OpenMP teams that spin-wait for each other on an oversubscribed machine cost
 * three times more than they save (measured with the benchmark on 2 cores).
 */
public final class ComputeThreads {

    private ComputeThreads() {
    }

    public static void limit(int threads) {
        Nd4j.getBackend(); // loads the native backend before its thread settings are touched
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
