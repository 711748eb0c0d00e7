package dev.descent.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Hidden-layer activations, each with its derivative for the tape. */
public enum Activation {
    RELU("relu", "max(0, x)") {
        @Override
        public Var apply(Tape tape, Var x) {
            return tape.relu(x);
        }
    },
    LEAKY_RELU("leaky-relu", "x for x > 0, else 0.01·x") {
        @Override
        public Var apply(Tape tape, Var x) {
            // slope 0.01 below zero, as PyTorch's LeakyReLU default
            return tape.elementwise(x, v -> Transforms.leakyRelu(v, LEAKY_SLOPE, true),
                    (v, y) -> positive(v).muli(1 - LEAKY_SLOPE).addi(LEAKY_SLOPE));
        }
    },
    TANH("tanh", "hyperbolic tangent") {
        @Override
        public Var apply(Tape tape, Var x) {
            return tape.elementwise(x, v -> Transforms.tanh(v, true), (v, y) -> y.mul(y).rsubi(1));
        }
    },
    SIGMOID("sigmoid", "1/(1 + e^−x)") {
        @Override
        public Var apply(Tape tape, Var x) {
            return tape.elementwise(x, v -> Transforms.sigmoid(v, true), (v, y) -> y.rsub(1).muli(y));
        }
    },
    GELU("gelu", "Gaussian error linear unit, tanh approximation") {
        @Override
        public Var apply(Tape tape, Var x) {
            // tanh approximation (Hendrycks & Gimpel 2016): 0.5·x·(1 + tanh(c·(x + 0.044715·x³))), c = √(2/π)
            return tape.elementwise(x,
                    v -> geluTanh(v).addi(1).muli(v).muli(0.5),
                    (v, y) -> {
                        INDArray t = geluTanh(v);
                        INDArray inner = v.mul(v).muli(3 * GELU_CUBIC).addi(1).muli(GELU_C);
                        // 0.5·(1 + t) + 0.5·x·(1 − t²)·c·(1 + 3·0.044715·x²)
                        INDArray secondTerm = t.mul(t).rsubi(1).muli(inner).muli(v).muli(0.5);
                        return t.addi(1).muli(0.5).addi(secondTerm);
                    });
        }
    },
    IDENTITY("identity", "x: a linear layer") {
        @Override
        public Var apply(Tape tape, Var x) {
            return x;
        }
    };

    static final double LEAKY_SLOPE = 0.01;
    private static final double GELU_C = Math.sqrt(2 / Math.PI);
    private static final double GELU_CUBIC = 0.044715;

    private final String id;
    private final String description;

    Activation(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String description() {
        return description;
    }

    public abstract Var apply(Tape tape, Var x);

    @JsonValue
    public String id() {
        return id;
    }

    @JsonCreator
    public static Activation of(String id) {
        return SpecIds.byId(values(), Activation::id, id, "activation");
    }

    private static INDArray positive(INDArray v) {
        return v.gt(0).castTo(v.dataType());
    }

    private static INDArray geluTanh(INDArray v) {
        INDArray u = v.mul(v).muli(GELU_CUBIC).addi(1).muli(v).muli(GELU_C);
        return Transforms.tanh(u, false);
    }
}
