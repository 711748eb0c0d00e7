package dev.descent.benchmark;

import dev.descent.dataset.PreparedData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same reference MLP trained by PyTorch (Debian's python3-torch) on the same MNIST rows, on this machine, for a
 * side-by-side throughput figure. The script is {@code benchmark/pytorch_reference.py}; the data goes to it as raw
 * little-endian float32 features and int32 labels.
 */
final class PyTorchRun {

    /** Steady-epoch throughput, or null when PyTorch is not installed. */
    record Result(double samplesPerSecond, double maxOverMinEpoch) {
    }

    private PyTorchRun() {
    }

    static Result train(PreparedData data, int epochs, int threads) {
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
            Process python = new ProcessBuilder(python(), script.toString(), features.toString(), labels.toString(),
                    String.valueOf(data.trainRows()), String.valueOf(epochs), String.valueOf(threads))
                    .redirectErrorStream(true).start();
            List<double[]> epochTimes = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(python.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("pytorch: " + line);
                    if (line.startsWith("epoch ")) {
                        String[] parts = line.split(" ");
                        epochTimes.add(new double[]{Double.parseDouble(parts[2]), Double.parseDouble(parts[3])});
                    }
                }
            }
            if (python.waitFor() != 0 || epochTimes.isEmpty()) {
                return null;
            }
            // the first epoch includes warm-up, as for the Trainer
            List<double[]> steady = epochTimes.size() > 1 ? epochTimes.subList(1, epochTimes.size()) : epochTimes;
            double seconds = steady.stream().mapToDouble(e -> e[0]).sum();
            double max = steady.stream().mapToDouble(e -> e[0]).max().orElseThrow();
            double min = steady.stream().mapToDouble(e -> e[0]).min().orElseThrow();
            return new Result(steady.size() * (double) data.trainRows() / seconds, max / min);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Debian's interpreter, where python3-torch installs, ahead of any other python3 on the PATH. */
    private static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
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
