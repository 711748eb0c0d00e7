package dev.descent.continual;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** OGD's basis in float64: orthonormal, growing by what is new only, and a projection that removes exactly its span. */
class OrthogonalBasisTest {

    private static INDArray random(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }

    @Test
    void theBasisIsOrthonormalAndADirectionInItsSpanAddsNothing() {
        OrthogonalBasis basis = new OrthogonalBasis(DataType.DOUBLE, 50);
        basis.add(random(3, 50, 1));
        INDArray second = random(3, 50, 2);
        // a combination of the first block's rows is in the span already
        INDArray first = random(3, 50, 1);
        second.getRow(1).assign(first.getRow(0).mul(2).add(first.getRow(2).mul(-0.5)));
        basis.add(second);
        assertThat(basis.size()).isEqualTo(5);
        INDArray gram = basis.rows().mmul(basis.rows().transpose());
        double[] identity = Nd4j.eye(5).castTo(DataType.DOUBLE).ravel().toDoubleVector();
        assertThat(gram.ravel().toDoubleVector()).containsExactly(identity, within(1e-12));
        // every direction added lies in the span: its projection away from it is zero
        INDArray all = Nd4j.vstack(first, second);
        INDArray rest = all.sub(all.mmul(basis.rows().transpose()).mmul(basis.rows()));
        assertThat(rest.norm2Number().doubleValue()).isLessThan(1e-12);
    }

    @Test
    void theProjectionRemovesTheSpanFromEachParametersGradientAndLeavesTheRest() {
        OrthogonalBasis basis = new OrthogonalBasis(DataType.DOUBLE, 50);
        basis.add(random(4, 50, 3));
        INDArray weights = random(4, 10, 4);
        INDArray bias = random(1, 10, 5);
        double[] before = Nd4j.toFlattened('c', List.of(weights, bias)).toDoubleVector();
        basis.apply(List.of(weights, bias));
        INDArray after = Nd4j.toFlattened('c', List.of(weights, bias)).reshape(1, 50);
        assertThat(after.mmul(basis.rows().transpose()).ravel().toDoubleVector())
                .containsExactly(new double[4], within(1e-12));
        // g − ĝ is in the span: ĝ = g − QᵀQg, taken by hand
        INDArray g = Nd4j.create(before, new long[]{1, 50}, DataType.DOUBLE);
        INDArray expected = g.sub(g.mmul(basis.rows().transpose()).mmul(basis.rows()));
        assertThat(after.toDoubleVector()).containsExactly(expected.toDoubleVector(), within(1e-12));
        // projecting again changes nothing
        basis.apply(List.of(weights, bias));
        assertThat(Nd4j.toFlattened('c', List.of(weights, bias)).toDoubleVector())
                .containsExactly(after.toDoubleVector(), within(1e-12));
    }
}
