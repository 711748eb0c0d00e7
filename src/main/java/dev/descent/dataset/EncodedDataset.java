package dev.descent.dataset;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * A parsed upload in the compact form it is stored in: a short header (task, shape, feature and class names),
 * then the features row-major and the labels, each a float32 of 4 bytes. An upload takes memory in proportion to
 * this form, never to its CSV text; loading it for training is one bulk copy into the dataset's arrays.
 */
public record EncodedDataset(Task task, int rows, int features, List<String> classNames, byte[] data) {

    /** "DSD1": descent dataset, format 1. */
    private static final int MAGIC = 0x44534431;

    /** Encodes features (consumed: each chunk is let go once copied) and the label of each row. */
    static EncodedDataset encode(Task task, int rows, List<String> featureNames, List<String> classNames,
                                 FloatChunks x, IntToDoubleFunction y) {
        byte[] header = header(task, rows, featureNames, classNames);
        int features = featureNames.size();
        long bytes = header.length + 4L * ((long) rows * features + rows);
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new CsvFormatException(0, 0, rows + " rows × " + (features + 1) + " columns do not fit in one "
                    + "stored dataset of at most 2 GiB");
        }
        byte[] data = new byte[(int) bytes];
        System.arraycopy(header, 0, data, 0, header.length);
        FloatBuffer values = ByteBuffer.wrap(data, header.length, data.length - header.length).asFloatBuffer();
        x.drainInto(values);
        for (int i = 0; i < rows; i++) {
            values.put((float) y.applyAsDouble(i));
        }
        return new EncodedDataset(task, rows, features, classNames, data);
    }

    private static byte[] header(Task task, int rows, List<String> featureNames, List<String> classNames) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeUTF(task.name());
            out.writeInt(rows);
            writeNames(out, featureNames);
            writeNames(out, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeNames(DataOutputStream out, List<String> names) throws IOException {
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    /** The dataset stored as {@code data}. */
    public static Dataset decode(String id, byte[] data) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(data);
        try (DataInputStream in = new DataInputStream(bytes)) {
            if (in.readInt() != MAGIC) {
                throw new IllegalStateException("dataset " + id + " is not stored in the descent dataset format");
            }
            Task task = Task.valueOf(in.readUTF());
            int rows = in.readInt();
            List<String> featureNames = readNames(in);
            List<String> classNames = readNames(in);
            int headerLength = data.length - bytes.available();
            FloatBuffer values = ByteBuffer.wrap(data, headerLength, data.length - headerLength).asFloatBuffer();
            float[] x = new float[rows * featureNames.size()];
            float[] y = new float[rows];
            values.get(x).get(y);
            return new Dataset(id, task, rows, featureNames.size(), x, y, featureNames, classNames);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> readNames(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return names;
    }

    public Dataset decode(String id) {
        return decode(id, data);
    }
}
