package dev.descent.optim;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimizer's running state as plain numbers, for checkpoints: named scalars, and named lists of arrays (each a
 * list aligned with the parameters, an entry null where the optimizer keeps nothing). {@code inner} holds a wrapped
 * optimizer's state (SAM's base).
 */
public record OptimizerSnapshot(Map<String, Double> scalars, Map<String, List<double[]>> arrays,
                                OptimizerSnapshot inner) {

    static Builder builder() {
        return new Builder();
    }

    double scalar(String name) {
        return scalars.get(name);
    }

    /** The named arrays restored with the parameters' shapes and types, outside any workspace; empty if none. */
    List<INDArray> arrays(String name, List<INDArray> like) {
        List<double[]> values = arrays.get(name);
        List<INDArray> out = new ArrayList<>();
        if (values == null || values.isEmpty()) {
            return out;
        }
        return OptimizerState.kept(() -> {
            for (int i = 0; i < values.size(); i++) {
                double[] v = values.get(i);
                out.add(v == null ? null : Nd4j.create(v, like.get(i).shape(), DataType.DOUBLE).castTo(like.get(i).dataType()));
            }
            return out;
        });
    }

    static final class Builder {
        private final Map<String, Double> scalars = new LinkedHashMap<>();
        private final Map<String, List<double[]>> arrays = new LinkedHashMap<>();
        private OptimizerSnapshot inner;

        Builder scalar(String name, double value) {
            scalars.put(name, value);
            return this;
        }

        Builder arrays(String name, List<INDArray> values) {
            List<double[]> flat = new ArrayList<>(values.size());
            for (INDArray v : values) {
                flat.add(v == null ? null : v.dup('c').reshape(v.length()).castTo(DataType.DOUBLE).toDoubleVector());
            }
            arrays.put(name, flat);
            return this;
        }

        Builder raw(String name, List<double[]> values) {
            arrays.put(name, new ArrayList<>(values));
            return this;
        }

        Builder inner(OptimizerSnapshot snapshot) {
            this.inner = snapshot;
            return this;
        }

        OptimizerSnapshot build() {
            return new OptimizerSnapshot(scalars, arrays, inner);
        }
    }

    /** Vectors kept as they are (L-BFGS's curvature pairs). */
    List<double[]> raw(String name) {
        return arrays.getOrDefault(name, List.of());
    }


    /** Replaces a state list's contents. */
    static void replace(List<INDArray> target, List<INDArray> values) {
        target.clear();
        target.addAll(values);
    }
}
