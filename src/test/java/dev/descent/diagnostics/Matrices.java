package dev.descent.diagnostics;

import dev.descent.model.Model;
import dev.descent.model.Loss;
import dev.descent.optim.FlatParameters;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

/** Independent references for the diagnostics' tests, in plain Java float64. */
final class Matrices {

    private Matrices() {
    }

    /** The eigenvalues of a symmetric matrix by cyclic Jacobi rotations, to the last digits. */
    static double[] symmetricEigenvalues(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = m[i].clone();
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (Math.abs(a[p][q]) < 1e-300) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) {
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return values;
    }

    /** The eigenvalue of largest magnitude. */
    static double largestMagnitude(double[] eigenvalues) {
        double best = 0;
        for (double value : eigenvalues) {
            if (Math.abs(value) > Math.abs(best)) {
                best = value;
            }
        }
        return best;
    }

    /** The Hessian of the loss at the model's weights, column by column from central differences of gradients. */
    static double[][] finiteDifferenceHessian(Model model, Loss loss, INDArray x, INDArray y, double h) {
        List<INDArray> parameters = model.parameters();
        double[] theta = FlatParameters.flatten(parameters);
        int n = theta.length;
        double[][] hessian = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] moved = theta.clone();
            moved[j] = theta[j] + h;
            FlatParameters.assign(parameters, moved);
            double[] plus = FlatParameters.flatten(model.gradient(x, y, loss, null).gradients());
            moved[j] = theta[j] - h;
            FlatParameters.assign(parameters, moved);
            double[] minus = FlatParameters.flatten(model.gradient(x, y, loss, null).gradients());
            for (int i = 0; i < n; i++) {
                hessian[i][j] = (plus[i] - minus[i]) / (2 * h);
            }
        }
        FlatParameters.assign(parameters, theta);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double mean = (hessian[i][j] + hessian[j][i]) / 2;
                hessian[i][j] = mean;
                hessian[j][i] = mean;
            }
        }
        return hessian;
    }

    static INDArray gaussian(int rows, int columns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] values = new double[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = rng.nextGaussian();
        }
        return Nd4j.create(values, new long[]{rows, columns}, DataType.DOUBLE);
    }

    /** One-hot rows of random classes. */
    static INDArray oneHot(int rows, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, rng.nextInt(classes), 1.0);
        }
        return y;
    }
}
