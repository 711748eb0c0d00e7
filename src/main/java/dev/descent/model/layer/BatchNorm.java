package dev.descent.model.layer;

import dev.descent.model.Pass;
import dev.descent.model.Shape;
import dev.descent.model.autodiff.Tape;
import dev.descent.model.autodiff.Var;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.List;

/**
 * y = γ x̂ + β per channel, x̂ = (x − μ)/√(σ² + ε). Training: μ, σ² (biased) of the batch over examples and
 * positions, and the running statistics move by momentum m: r ← (1 − m) r + m·stat, the variance unbiased
 * (n/(n − 1)). Inference: the running statistics. The values are handled as a matrix [rows·positions, channels]
 * (channels last), so one code path serves images and rows.
 */
final class BatchNorm extends ShapedLayer<BatchNormSpec> {

    private final int channels;
    private final INDArray scale;
    private final INDArray shift;
    private final INDArray runningMean;
    private final INDArray runningVariance;

    BatchNorm(BatchNormSpec spec, Shape shape, int channels, DataType dataType) {
        super(spec, shape, shape);
        this.channels = channels;
        this.scale = Nd4j.ones(dataType, 1, channels);
        this.shift = Nd4j.zeros(dataType, 1, channels);
        this.runningMean = Nd4j.zeros(dataType, 1, channels);
        this.runningVariance = Nd4j.ones(dataType, 1, channels);
    }

    @Override
    public List<INDArray> parameters() {
        return List.of(scale, shift);
    }

    @Override
    public List<INDArray> buffers() {
        return List.of(runningMean, runningVariance);
    }

    @Override
    public Var forward(Tape tape, Var x, Pass pass) {
        long rows = x.value().size(0);
        INDArray columns = channelsLast(x.value(), rows);
        Var gamma = pass.parameter(tape, scale);
        Var beta = pass.parameter(tape, shift);
        if (!pass.training()) {
            INDArray factor = Transforms.pow(runningVariance.add(BatchNormSpec.EPSILON), -0.5, false).muli(scale);
            INDArray y = columns.subRowVector(runningMean).muliRowVector(factor).addiRowVector(shift);
            return tape.operation(channelsFirst(y, rows),
                    g -> new INDArray[]{channelsFirst(channelsLast(g, rows).mulRowVector(factor), rows), null, null},
                    x, gamma, beta);
        }
        long count = columns.rows();
        INDArray mean = columns.mean(true, 0);
        INDArray centred = columns.subRowVector(mean);
        INDArray variance = centred.mul(centred).mean(true, 0);
        INDArray inverseStd = Transforms.pow(variance.add(BatchNormSpec.EPSILON), -0.5, false);
        INDArray normalized = centred.muliRowVector(inverseStd);
        double m = spec().momentum();
        runningMean.muli(1 - m).addi(mean.mul(m));
        runningVariance.muli(1 - m).addi(variance.mul(m * count / Math.max(1, count - 1)));
        INDArray y = normalized.mulRowVector(scale).addiRowVector(shift);
        return tape.operation(channelsFirst(y, rows), g -> {
            INDArray gc = channelsLast(g, rows);
            // dx = (γ/σ̂)(dy − mean(dy) − x̂ · mean(dy ⊙ x̂)), means over the batch's examples and positions
            INDArray meanDy = gc.mean(true, 0);
            INDArray meanDyXHat = gc.mul(normalized).mean(true, 0);
            INDArray dx = gc.subRowVector(meanDy).subi(normalized.mulRowVector(meanDyXHat))
                    .muliRowVector(inverseStd.mul(scale));
            return new INDArray[]{channelsFirst(dx, rows), gc.mul(normalized).sum(true, 0), gc.sum(true, 0)};
        }, x, gamma, beta);
    }

    /** [rows, C, H, W] as [rows·H·W, C]; rows of features stay as they are. */
    private INDArray channelsLast(INDArray x, long rows) {
        if (!inputShape().isImage()) {
            return x;
        }
        return x.permute(0, 2, 3, 1).dup('c').reshape('c', rows * inputShape().height() * inputShape().width(), channels);
    }

    private INDArray channelsFirst(INDArray columns, long rows) {
        if (!inputShape().isImage()) {
            return columns;
        }
        return columns.reshape('c', rows, inputShape().height(), inputShape().width(), channels).permute(0, 3, 1, 2).dup('c');
    }
}
