package dev.descent.dataset;

import dev.descent.model.Shape;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;

/**
 * The datasets shipped in the jar (see datasets/NOTICE) and the synthetic generators. Shipped files are parsed
 * once and kept: a loaded {@link Dataset} is shared and must not be modified.
 */
public final class BuiltInDatasets {

    private static final Shape MNIST_IMAGE = Shape.image(1, 28, 28);

    private static final String ROOT = "/datasets/";
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private record Entry(DatasetInfo info, BiFunction<String, GeneratorOptions, Dataset> loader, boolean synthetic) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, Dataset> loaded = new ConcurrentHashMap<>();

    public BuiltInDatasets() {
        shipped("iris", "Fisher's iris flowers: 4 measurements, 3 species", "UCI Iris (Fisher 1936)",
                Task.CLASSIFICATION, 150, 4, List.of("setosa", "versicolor", "virginica"),
                id -> labelledCsv(id, "iris.csv", List.of("sepal_length", "sepal_width", "petal_length", "petal_width")));
        shipped("wine", "Chemical analysis of wines from 3 cultivars", "UCI Wine recognition",
                Task.CLASSIFICATION, 178, 13, List.of("class_0", "class_1", "class_2"),
                id -> labelledCsv(id, "wine_data.csv", null));
        shipped("breast-cancer", "Breast cancer diagnosis from 30 cell-nucleus features",
                "UCI Breast Cancer Wisconsin (Diagnostic)", Task.CLASSIFICATION, 569, 30, List.of("malignant", "benign"),
                id -> labelledCsv(id, "breast_cancer.csv", null));
        shipped("digits", "8×8 handwritten digits, pixel values 0..16", "UCI Optical Recognition of Handwritten Digits",
                Task.CLASSIFICATION, 1797, Shape.image(1, 8, 8), DIGITS, BuiltInDatasets::digits);
        shipped("diabetes", "Disease progression one year after baseline, from 10 clinical measurements",
                "Efron et al. (2004) diabetes data", Task.REGRESSION, 442, 10, List.of(), BuiltInDatasets::diabetes);
        shipped("mnist", "MNIST handwritten digits, training set (28×28 pixels scaled to [0, 1])",
                "MNIST (LeCun, Cortes, Burges)", Task.CLASSIFICATION, 60000, MNIST_IMAGE, DIGITS,
                id -> mnist(id, "train"));
        shipped("mnist-test", "MNIST handwritten digits, test set (28×28 pixels scaled to [0, 1])",
                "MNIST (LeCun, Cortes, Burges)", Task.CLASSIFICATION, 10000, MNIST_IMAGE, DIGITS,
                id -> mnist(id, "t10k"));
        synthetic("two-spirals", "Two interleaved spirals (options: rows, noise, seed)", Task.CLASSIFICATION, 1000, 2,
                List.of("0", "1"), SyntheticGenerators::twoSpirals);
        synthetic("moons", "Two interleaving half circles (options: rows, noise, seed)", Task.CLASSIFICATION, 1000, 2,
                List.of("0", "1"), SyntheticGenerators::moons);
        synthetic("blobs", "Gaussian blobs, one per class (options: rows, classes, features, noise, seed)",
                Task.CLASSIFICATION, 1000, 2, List.of("0", "1", "2"), SyntheticGenerators::blobs);
        synthetic("linear-regression", "Linear target with Gaussian noise (options: rows, features, noise, seed)",
                Task.REGRESSION, 1000, 5, List.of(), SyntheticGenerators::linearRegression);
    }

    public List<DatasetInfo> list() {
        return entries.values().stream().map(Entry::info).toList();
    }

    public Optional<DatasetInfo> info(String id) {
        return Optional.ofNullable(entries.get(id)).map(Entry::info);
    }

    public boolean isSynthetic(String id) {
        Entry entry = entries.get(id);
        return entry != null && entry.synthetic();
    }

    /** The dataset, or empty if no built-in has this id. Generator options apply to synthetic datasets only. */
    public Optional<Dataset> load(String id, GeneratorOptions options) {
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.synthetic()) {
            return Optional.of(entry.loader().apply(id, options == null ? GeneratorOptions.DEFAULTS : options));
        }
        return Optional.of(loaded.computeIfAbsent(id, key -> entry.loader().apply(key, null)));
    }

    private void shipped(String id, String description, String source, Task task, int rows, int features,
                         List<String> classes, java.util.function.Function<String, Dataset> loader) {
        shipped(id, description, source, task, rows, Shape.features(features), classes, loader);
    }

    private void shipped(String id, String description, String source, Task task, int rows, Shape inputShape,
                         List<String> classes, java.util.function.Function<String, Dataset> loader) {
        entries.put(id, new Entry(new DatasetInfo(id, description, source, task, rows, inputShape.size(), classes, true,
                inputShape), (key, options) -> loader.apply(key), false));
    }

    private void synthetic(String id, String description, Task task, int rows, int features, List<String> classes,
                           BiFunction<String, GeneratorOptions, Dataset> generator) {
        entries.put(id, new Entry(new DatasetInfo(id, description, "synthetic generator", task, rows, features, classes,
                true), generator, true));
    }

    /** scikit-learn's layout: a first line "rows,features,class names…", then features and the integer label. */
    private static Dataset labelledCsv(String id, String file, List<String> featureNames) {
        try (BufferedReader reader = reader(file)) {
            String[] head = reader.readLine().split(",");
            int rows = Integer.parseInt(head[0].trim());
            int features = Integer.parseInt(head[1].trim());
            List<String> classes = Arrays.asList(head).subList(2, head.length);
            float[] x = new float[rows * features];
            float[] y = new float[rows];
            readNumericRows(reader, file, x, y, features, ",");
            return new Dataset(id, Task.CLASSIFICATION, rows, features, x, y,
                    featureNames != null ? featureNames : Dataset.numberedFeatures(features), classes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Dataset digits(String id) {
        int rows = 1797;
        int features = 64;
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        try (BufferedReader reader = reader("digits.csv.gz")) {
            readNumericRows(reader, "digits.csv.gz", x, y, features, ",");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dataset(id, Task.CLASSIFICATION, rows, features, x, y, Dataset.numberedFeatures(features), DIGITS,
                Shape.image(1, 8, 8));
    }

    private static Dataset diabetes(String id) {
        int rows = 442;
        int features = 10;
        float[] x = new float[rows * features];
        float[] y = new float[rows];
        try (BufferedReader data = reader("diabetes_data_raw.csv.gz");
             BufferedReader target = reader("diabetes_target.csv.gz")) {
            readNumericRows(data, "diabetes_data_raw.csv.gz", x, null, features, " ");
            for (int i = 0; i < rows; i++) {
                y[i] = Float.parseFloat(target.readLine().trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Dataset(id, Task.REGRESSION, rows, features, x, y,
                List.of("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"), List.of());
    }

    /** Fills x (and y from the last cell, if given) from trusted shipped rows. */
    private static void readNumericRows(BufferedReader reader, String file, float[] x, float[] y, int features,
                                        String separator) throws IOException {
        int rows = x.length / features;
        for (int i = 0; i < rows; i++) {
            String line = reader.readLine();
            if (line == null) {
                throw new IllegalStateException(file + " ends after " + i + " rows, expected " + rows);
            }
            String[] cells = line.trim().split(separator.equals(" ") ? "\\s+" : separator);
            for (int f = 0; f < features; f++) {
                x[i * features + f] = Float.parseFloat(cells[f]);
            }
            if (y != null) {
                y[i] = Float.parseFloat(cells[features]);
            }
        }
    }

    /** The IDX files: big-endian magic, dimensions, then unsigned bytes. Pixels are scaled to [0, 1]. */
    private static Dataset mnist(String id, String prefix) {
        try (DataInputStream images = new DataInputStream(gunzip("mnist/" + prefix + "-images-idx3-ubyte.gz"));
             DataInputStream labels = new DataInputStream(gunzip("mnist/" + prefix + "-labels-idx1-ubyte.gz"))) {
            expectMagic(images, 0x00000803, prefix + " images");
            expectMagic(labels, 0x00000801, prefix + " labels");
            int rows = images.readInt();
            int features = images.readInt() * images.readInt();
            if (labels.readInt() != rows) {
                throw new IllegalStateException("MNIST " + prefix + ": image and label counts differ");
            }
            byte[] pixels = images.readNBytes(rows * features);
            byte[] classes = labels.readNBytes(rows);
            float[] x = new float[pixels.length];
            for (int i = 0; i < pixels.length; i++) {
                x[i] = (pixels[i] & 0xff) / 255f;
            }
            float[] y = new float[rows];
            for (int i = 0; i < rows; i++) {
                y[i] = classes[i] & 0xff;
            }
            List<String> names = new ArrayList<>(features);
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    names.add("px" + r + "_" + c);
                }
            }
            return new Dataset(id, Task.CLASSIFICATION, rows, features, x, y, names, DIGITS, MNIST_IMAGE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expectMagic(DataInputStream in, int magic, String what) throws IOException {
        int read = in.readInt();
        if (read != magic) {
            throw new IllegalStateException("MNIST " + what + ": magic " + Integer.toHexString(read));
        }
    }

    private static BufferedReader reader(String file) throws IOException {
        InputStream in = file.endsWith(".gz") ? gunzip(file) : resource(file);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    private static InputStream gunzip(String file) throws IOException {
        return new GZIPInputStream(resource(file), 1 << 16);
    }

    private static InputStream resource(String file) {
        InputStream in = BuiltInDatasets.class.getResourceAsStream(ROOT + file);
        if (in == null) {
            throw new IllegalStateException("built-in dataset file missing from the jar: " + file);
        }
        return new java.io.BufferedInputStream(in, 1 << 16);
    }
}
