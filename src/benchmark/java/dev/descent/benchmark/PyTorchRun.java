package dev.descent.benchmark;

import dev.descent.dataset.PreparedData;
import org.nd4j.linalg.api.buffer.DataType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's models (the reference MLP, the CNN) trained by PyTorch (Debian's python3-torch) on the same MNIST
 * rows, on this machine, for a side-by-side throughput figure. The script is {@code benchmark/pytorch_reference.py}; the data goes to it as raw
 * little-endian float32 features and int32 labels, written once.
 */
final class PyTorchRun implements AutoCloseable {

    private final Path script;
    private final Path features;
    private final Path labels;
    private final int rows;

    private PyTorchRun(Path script, Path features, Path labels, int rows) {
        this.script = script;
        this.features = features;
        this.labels = labels;
        this.rows = rows;
    }

    /** Debian's interpreter, where python3-torch installs, ahead of any other python3 on the PATH. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /** Whether {@link #python()} can import torch and numpy. */
    static boolean available() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder(python(), "-c", "import torch, numpy").redirectErrorStream(true).start();
            probe.getInputStream().transferTo(OutputStream.nullOutputStream());
            return probe.waitFor() == 0;
        } catch (IOException noPython) {
            return false;
        }
    }

    /** Writes the script and the training rows to a temporary directory. */
    static PyTorchRun prepare(PreparedData data) {
        try {
            Path dir = Files.createTempDirectory("descent-pytorch");
            Path script = dir.resolve("pytorch_reference.py");
            try (InputStream in = PyTorchRun.class.getResourceAsStream("/benchmark/pytorch_reference.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path features = dir.resolve("x.f32");
            Path labels = dir.resolve("y.i32");
            Files.write(features, littleEndian(data.trainX().castTo(DataType.FLOAT).dup('c').data().asFloat()));
            Files.write(labels, littleEndian(data.trainY().argMax(1).castTo(DataType.INT).data().asInt()));
            return new PyTorchRun(script, features, labels, data.trainRows());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trains the reference MLP with {@code threads} intra-op threads; null when the script fails. */
    EpochTimes train(int epochs, int threads) throws InterruptedException {
        return train("mlp", epochs, threads);
    }

    /** Trains the script's {@code model} ("mlp" or "cnn") with {@code threads} intra-op threads; null on failure. */
    EpochTimes train(String model, int epochs, int threads) throws InterruptedException {
        try {
            ProcessBuilder command = new ProcessBuilder(python(), script.toString(), features.toString(),
                    labels.toString(), String.valueOf(rows), String.valueOf(epochs), String.valueOf(threads), model);
            // PyTorch's OpenMP threads otherwise spin while OpenBLAS's run: 2,000-11,000 samples/s here instead of
            // ~30,000 (docs/performance.md); the comparison is with PyTorch at its best
            command.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process python = command.redirectErrorStream(true).start();
            List<Double> millis = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("  pytorch: " + line);
                    if (line.startsWith("epoch ")) {
                        millis.add(Double.parseDouble(line.split(" ")[2]) * 1000);
                    }
                }
            }
            return python.waitFor() == 0 && !millis.isEmpty() ? new EpochTimes(rows, millis) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes the script and the rows. */
    @Override
    public void close() {
        try {
            for (Path file : List.of(script, features, labels, script.getParent())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return buffer.array();
    }

    private static byte[] littleEndian(int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asIntBuffer().put(values);
        return buffer.array();
    }
}
