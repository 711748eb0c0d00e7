package dev.descent.model.layer;

import dev.descent.math.Blas;
import dev.descent.math.ScratchArrays;
import dev.descent.model.Shape;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The float32 fast path of {@link Conv2d}: the batch's input unfolded (im2col) into one matrix U [d, n·T]
 * (d = channels·kh·kw, T the output positions), so that the forward pass is one GEMM W·U, and the backward pass two,
 * GᵀUᵀ for the weights and WᵀG for the unfolded input, folded back (col2im); both a row of U at a time on the heap.
 * libnd4j's conv2d_bp took 2.2 s for a batch of 128 at the benchmark CNN's second layer, where these GEMMs take a
 * tenth of that (docs/performance.md). {@code Conv2dFastPathTest} holds it equal to the ND4J ops.
 */
final class UnfoldedConvolution {

    private final Shape input;
    private final Shape output;
    private final Window window;
    private final int filters;
    private final int padTop;
    private final int padLeft;

    UnfoldedConvolution(Window window, Shape input, Shape output, int filters) {
        this.input = input;
        this.output = output;
        this.window = window;
        this.filters = filters;
        this.padTop = window.padding().before(input.height(), window.extentHeight(), window.strideHeight());
        this.padLeft = window.padding().before(input.width(), window.extentWidth(), window.strideWidth());
    }

    /** The unfolded input U [d, n·T] and the output W·U + b as [n, filters, oh, ow]. */
    record Forward(INDArray unfolded, INDArray output) {
    }

    Forward forward(INDArray x, INDArray weights, INDArray bias) {
        int rows = (int) x.size(0);
        INDArray unfolded = unfold(heap(x), rows);
        INDArray product = Blas.matmul(matrix(weights), false, unfolded, false, ScratchArrays.fresh()); // [F, n·T]
        product.addiColumnVector(bias.reshape(filters, 1));
        INDArray z = product.reshape('c', filters, rows, positions()).permute(1, 0, 2).dup('c')
                .reshape('c', rows, filters, output.height(), output.width());
        return new Forward(unfolded, z);
    }

    /** The gradients of the input, the weights and the bias for the output's gradient g, from forward's U. */
    INDArray[] backward(INDArray unfolded, INDArray weights, INDArray g) {
        int rows = (int) g.size(0);
        INDArray gradient = g.reshape('c', rows, filters, positions()).permute(1, 0, 2).dup('c')
                .reshape('c', filters, (long) rows * positions()); // G [F, n·T]
        ScratchArrays out = ScratchArrays.fresh();
        INDArray weightGradient = Blas.matmul(gradient, false, unfolded, true, out).reshape('c', weights.shape());
        INDArray biasGradient = gradient.sum(1).reshape(1, filters);
        INDArray unfoldedGradient = Blas.matmul(matrix(weights), true, gradient, false, out);
        INDArray inputGradient = offHeap(fold(unfoldedGradient, rows), rows, input.channels(), input.height(),
                input.width());
        return new INDArray[]{inputGradient, weightGradient, biasGradient};
    }

    /** W as the [filters, d] matrix it is in row-major order. */
    private INDArray matrix(INDArray weights) {
        return weights.reshape('c', filters, patch());
    }

    private int patch() {
        return input.channels() * window.kernelHeight() * window.kernelWidth();
    }

    private int positions() {
        return output.height() * output.width();
    }

    /**
     * The values, row-major, copied in one block: ND4J's own copies between heap and native memory
     * ({@code data().asFloat()}, {@code Nd4j.create(float[])}) went element by element, ten times slower.
     */
    private static float[] heap(INDArray a) {
        INDArray contiguous = a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
        float[] values = new float[(int) contiguous.length()];
        ((FloatPointer) contiguous.data().addressPointer()).get(values, 0, values.length);
        return values;
    }

    private static INDArray offHeap(float[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(DataType.FLOAT, shape);
        ((FloatPointer) a.data().addressPointer()).put(values, 0, values.length);
        return a;
    }

    /**
     * U[(c·kh + i)·kw + j, r·T + oy·ow + ox] = x[r, c, oy·sh − top + i·dh, ox·sw − left + j·dw], zero outside;
     * built a row at a time on the heap and copied in one block: U is the layer's largest array (80 MB at the
     * benchmark CNN's second layer), too large to build on the heap whole.
     */
    private INDArray unfold(float[] x, int rows) {
        int columns = rows * positions();
        INDArray u = Nd4j.createUninitialized(DataType.FLOAT, patch(), columns);
        FloatPointer target = new FloatPointer(u.data().addressPointer());
        float[] line = new float[columns];
        for (int row = 0; row < patch(); row++) {
            Arrays.fill(line, 0f);
            visit(row, rows, (source, at, width, strideW) -> {
                if (strideW == 1) {
                    System.arraycopy(x, source, line, at, width);
                } else {
                    for (int k = 0; k < width; k++) {
                        line[at + k] = x[source + k * strideW];
                    }
                }
            });
            target.position((long) row * columns).put(line, 0, columns);
        }
        return u;
    }

    /** The adjoint of {@link #unfold}: each unfolded gradient added back to the pixel it was taken from. */
    private float[] fold(INDArray unfoldedGradient, int rows) {
        int columns = rows * positions();
        float[] x = new float[rows * input.size()];
        FloatPointer source = new FloatPointer(unfoldedGradient.data().addressPointer());
        float[] line = new float[columns];
        for (int row = 0; row < patch(); row++) {
            source.position((long) row * columns).get(line, 0, columns);
            visit(row, rows, (pixel, at, width, strideW) -> {
                for (int k = 0; k < width; k++) {
                    x[pixel + k * strideW] += line[at + k];
                }
            });
        }
        return x;
    }

    /** A run of {@code width} output positions of one unfolded row that read pixels {@code strideW} apart. */
    private interface Run {
        void at(int source, int target, int width, int strideW);
    }

    /** Every run of in-image pixels of unfolded row (c, i, j): for each example and output line, those inside. */
    private void visit(int row, int rows, Run run) {
        int kernelArea = window.kernelHeight() * window.kernelWidth();
        int c = row / kernelArea;
        int i = row % kernelArea / window.kernelWidth();
        int j = row % window.kernelWidth();
        int height = input.height();
        int width = input.width();
        int outWidth = output.width();
        int sw = window.strideWidth();
        int dx = j * window.dilationWidth() - padLeft;
        // the output columns whose pixel ox·sw + dx lies in [0, width)
        int first = Math.max(0, ceilDiv(-dx, sw));
        int last = Math.min(outWidth, ceilDiv(width - dx, sw));
        if (first >= last) {
            return;
        }
        for (int r = 0; r < rows; r++) {
            int plane = (r * input.channels() + c) * height * width;
            for (int oy = 0; oy < output.height(); oy++) {
                int y = oy * window.strideHeight() - padTop + i * window.dilationHeight();
                if (y >= 0 && y < height) {
                    run.at(plane + y * width + first * sw + dx, r * positions() + oy * outWidth + first,
                            last - first, sw);
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
