package dev.descent.model.layer;

import dev.descent.model.Shape;

/**
 * A 2-D window's geometry, shared by convolutions and pooling: kernel, stride, dilation, padding; ND4J's integer
 * arguments for NCHW ops follow from it.
 */
record Window(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int dilationHeight,
              int dilationWidth, Padding padding) {

    int extentHeight() {
        return dilationHeight * (kernelHeight - 1) + 1;
    }

    int extentWidth() {
        return dilationWidth * (kernelWidth - 1) + 1;
    }

    /**
     * The output's height and width for an image, or why the window does not fit.
     *
     * @param what the layer, for the message
     */
    int[] outputSize(Shape input, String what) {
        if (!input.isImage()) {
            throw new InvalidLayerException(what + " takes an image [channels, height, width], its input is rows of "
                    + input.size() + " features (a dataset with an input shape, such as mnist or digits)");
        }
        if (padding == Padding.VALID && (extentHeight() > input.height() || extentWidth() > input.width())) {
            throw new InvalidLayerException(what + "'s window " + extentHeight() + "×" + extentWidth()
                    + " is larger than its input " + input.height() + "×" + input.width()
                    + " (use padding \"same\", a smaller kernel or fewer pooling layers before it)");
        }
        return new int[]{padding.outputSize(input.height(), extentHeight(), strideHeight),
                padding.outputSize(input.width(), extentWidth(), strideWidth)};
    }

    /**
     * kH, kW, sH, sW, pH, pW, dH, dW, same-mode: the leading integer arguments of libnd4j's conv2d, im2col and
     * pooling ops. In same mode libnd4j computes the padding itself, by the rule {@link Padding#SAME} states.
     */
    int[] arguments(Shape input) {
        return new int[]{kernelHeight, kernelWidth, strideHeight, strideWidth,
                padding.before(input.height(), extentHeight(), strideHeight),
                padding.before(input.width(), extentWidth(), strideWidth),
                dilationHeight, dilationWidth, padding == Padding.SAME ? 1 : 0};
    }
}
