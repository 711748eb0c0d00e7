package dev.descent.model.layer;

import dev.descent.model.Shape;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The float32 fast path of {@link Conv2d}: the batch's input unfolded (im2col) on the heap into one matrix
 * U [d, n·T] (d = channels·kh·kw, T the output positions), so that the forward pass is one GEMM W·U, and the backward
 * pass two, GᵀUᵀ for the weights and WᵀG for the unfolded input, folded back (col2im) on the heap. libnd4j's conv2d_bp
 * took 2.2 s for a batch of 128 at the benchmark CNN's second layer, where these GEMMs take a tenth of that
 * (docs/performance.md). {@code Conv2dFastPathTest} holds it equal to the ND4J ops.
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
        INDArray unfolded = offHeap(unfold(heap(x), rows), patch(), (long) rows * positions());
        INDArray product = Nd4j.gemm(weights.reshape('c', filters, patch()), unfolded, false, false); // [F, n·T]
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
        INDArray weightGradient = Nd4j.gemm(gradient, unfolded, false, true).reshape('c', weights.shape());
        INDArray biasGradient = gradient.sum(1).reshape(1, filters);
        INDArray unfoldedGradient = Nd4j.gemm(weights.reshape('c', filters, patch()), gradient, true, false);
        float[] folded = fold(heap(unfoldedGradient), rows);
        INDArray inputGradient = offHeap(folded, rows, input.channels(), input.height(), input.width());
        return new INDArray[]{inputGradient, weightGradient, biasGradient};
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

    /** U[(c·kh + i)·kw + j, r·T + oy·ow + ox] = x[r, c, oy·sh − top + i·dh, ox·sw − left + j·dw], zero outside. */
    private float[] unfold(float[] x, int rows) {
        int columns = rows * positions();
        float[] u = new float[patch() * columns];
        visit(rows, (row, source, target, width, strideW) -> {
            for (int k = 0; k < width; k++) {
                u[row * columns + target + k] = x[source + k * strideW];
            }
        });
        return u;
    }

    /** The adjoint of {@link #unfold}: each unfolded gradient added back to the pixel it was taken from. */
    private float[] fold(float[] u, int rows) {
        int columns = rows * positions();
        float[] x = new float[rows * input.size()];
        visit(rows, (row, source, target, width, strideW) -> {
            for (int k = 0; k < width; k++) {
                x[source + k * strideW] += u[row * columns + target + k];
            }
        });
        return x;
    }

    /** A run of {@code width} output positions of one unfolded row that read pixels {@code strideW} apart. */
    private interface Run {
        void at(int row, int source, int target, int width, int strideW);
    }

    /** Every run of in-image pixels: for each example, unfolded row and output line, the positions inside the image. */
    private void visit(int rows, Run run) {
        int height = input.height();
        int width = input.width();
        int outWidth = output.width();
        int sw = window.strideWidth();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < input.channels(); c++) {
                int plane = (r * input.channels() + c) * height * width;
                for (int i = 0; i < window.kernelHeight(); i++) {
                    for (int j = 0; j < window.kernelWidth(); j++) {
                        int row = (c * window.kernelHeight() + i) * window.kernelWidth() + j;
                        int dx = j * window.dilationWidth() - padLeft;
                        // the output columns whose pixel ox·sw + dx lies in [0, width)
                        int first = Math.max(0, ceilDiv(-dx, sw));
                        int last = Math.min(outWidth, ceilDiv(width - dx, sw));
                        if (first >= last) {
                            continue;
                        }
                        for (int oy = 0; oy < output.height(); oy++) {
                            int y = oy * window.strideHeight() - padTop + i * window.dilationHeight();
                            if (y < 0 || y >= height) {
                                continue;
                            }
                            run.at(row, plane + y * width + first * sw + dx,
                                    r * positions() + oy * outWidth + first, last - first, sw);
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
