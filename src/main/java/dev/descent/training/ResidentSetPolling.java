package dev.descent.training;

/**
 * JavaCPP compares the process' resident set with {@code org.bytedeco.javacpp.maxPhysicalBytes} on every native
 * allocation, reading {@code /proc/self/statm} each time; ND4J allocates small shape buffers for every operation,
 * and those reads took 7% of a training step (docs/performance.md). Without them off-heap memory is still bounded
 * by JavaCPP's other limit, {@code maxBytes} (the heap's maximum by default), and by the step workspaces.
 */
public final class ResidentSetPolling {

    private static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private ResidentSetPolling() {
    }

    /** Call before anything touches ND4J: JavaCPP reads the setting once. An explicit setting is kept. */
    public static void disable() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null
                && System.getProperty(MAX_PHYSICAL_BYTES.toLowerCase()) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }
}
