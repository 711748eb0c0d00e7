package dev.descent.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Threads for ND4J's work, two settings of different reach. BLAS (the bundled OpenBLAS, built with pthreads) has one
 * pool for the whole process: every matrix product is split among {@link #shareBlas} threads, whichever thread calls
 * it, and two jobs calling multi-threaded products at once wait for each other's helper threads; so the executor
 * divides the cores among the jobs running at the time. ND4J's own element-wise operations and reductions use OpenMP
 * teams, a per-thread setting kept at one: teams of two that spin-wait for each other made the small operations of a
 * training step three times slower on 2 cores, and ten times slower with a busy neighbour (docs/performance.md).
 */
public final class ComputeThreads {

    private ComputeThreads() {
    }

    /** ND4J operations started from the calling thread run in that thread alone. */
    public static void singleThreadedOps() {
        Nd4j.getBackend(); // loads the native backend before its thread settings are touched
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    /** From now on, every BLAS call in this process may use {@code threads} threads. */
    public static void shareBlas(int threads) {
        Nd4j.getBackend();
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
