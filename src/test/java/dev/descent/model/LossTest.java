package dev.descent.model;

import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

class LossTest {

    @Test
    void crossEntropyOfTheReferenceLogits() {
        // docs/algorithms.md (losses): logits [1, 2, 3], y = 2 ⇒ CE 0.4076060 (= log(e + e² + e³) − 3)
        Tape tape = Tape.training();
        Var logits = tape.parameter(Nd4j.create(new double[]{1, 2, 3}, new long[]{1, 3}, DataType.DOUBLE));
        INDArray target = Nd4j.create(new double[]{0, 0, 1}, new long[]{1, 3}, DataType.DOUBLE);
        Var loss = new Loss.CrossEntropy().apply(tape, logits, target);
        assertThat(loss.value().getDouble(0)).isCloseTo(0.40760596444, offset(1e-10));
        tape.backward(loss);
        // gradient = softmax(z) − y
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat(logits.grad().toDoubleVector())
                .containsExactly(new double[]{Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z - 1}, offset(1e-12));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        Tape tape = Tape.inference();
        Var logits = tape.constant(Nd4j.create(new double[]{1000, 0}, new long[]{1, 2}, DataType.DOUBLE));
        INDArray target = Nd4j.create(new double[]{0, 1}, new long[]{1, 2}, DataType.DOUBLE);
        assertThat(new Loss.CrossEntropy().apply(tape, logits, target).value().getDouble(0)).isCloseTo(1000, offset(1e-9));
    }

    @Test
    void meanSquaredErrorAveragesOverElements() {
        Tape tape = Tape.training();
        Var prediction = tape.parameter(Nd4j.create(new double[]{1, 2, 4}, new long[]{3, 1}, DataType.DOUBLE));
        INDArray target = Nd4j.create(new double[]{1, 0, 1}, new long[]{3, 1}, DataType.DOUBLE);
        Var loss = new Loss.MeanSquaredError().apply(tape, prediction, target);
        assertThat(loss.value().getDouble(0)).isCloseTo((0 + 4 + 9) / 3.0, offset(1e-12));
        tape.backward(loss);
        assertThat(prediction.grad().toDoubleVector()).containsExactly(new double[]{0, 4 / 3.0, 2}, offset(1e-12));
    }

    private static double lossOfReferenceLogits(Loss loss) {
        Tape tape = Tape.inference();
        Var logits = tape.constant(Nd4j.create(new double[]{1, 2, 3}, new long[]{1, 3}, DataType.DOUBLE));
        INDArray target = Nd4j.create(new double[]{0, 0, 1}, new long[]{1, 3}, DataType.DOUBLE);
        return loss.apply(tape, logits, target).value().getDouble(0);
    }

    @Test
    void theReferenceValuesOfAlgorithmsMd() {
        // logits [1, 2, 3], y = 2
        assertThat(lossOfReferenceLogits(new Loss.CrossEntropy())).isCloseTo(0.4076060, offset(5e-8));
        assertThat(lossOfReferenceLogits(new Loss.LabelSmoothing(0.1))).isCloseTo(0.5076060, offset(5e-8));
        assertThat(lossOfReferenceLogits(new Loss.GeneralizedCrossEntropy(0.7))).isCloseTo(0.3546136, offset(5e-8));
        assertThat(lossOfReferenceLogits(new Loss.MeanAbsoluteError())).isCloseTo(0.6695181, offset(5e-8));
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        Tape tape = Tape.training();
        Var prediction = tape.parameter(Nd4j.create(new double[]{0, 2, -3}, new long[]{3, 1}, DataType.DOUBLE));
        Var loss = new Loss.Huber(1.0).apply(tape, prediction, Nd4j.zeros(DataType.DOUBLE, 3, 1));
        // 0, 1·(2 − ½), 1·(3 − ½): mean 4/3
        assertThat(loss.value().getDouble(0)).isCloseTo(4 / 3.0, offset(1e-12));
        tape.backward(loss);
        assertThat(prediction.grad().toDoubleVector()).containsExactly(new double[]{0, 1 / 3.0, -1 / 3.0}, offset(1e-12));
    }
}
