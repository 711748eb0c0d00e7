package dev.descent.training;

/** The loss or the gradient stopped being a finite number. */
public class TrainingDivergedException extends RuntimeException {

    public TrainingDivergedException(int epoch, long step, double loss, double gradientNorm) {
        super("training diverged at epoch " + epoch + ", step " + step + ": loss " + loss + ", gradient norm "
                + gradientNorm);
    }
}
