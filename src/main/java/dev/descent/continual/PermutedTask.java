package dev.descent.continual;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.dataset.PreparedData;
import io.swagger.v3.oas.annotations.media.Schema;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The job's dataset with its features (an image's pixels) in an order drawn from {@code seed} (permuted MNIST,
 * Goodfellow et al. 2013): every row permuted alike, so the task is as hard as the original and shares none of its
 * spatial structure. Without a seed, the rows as they are.
 */
@Schema(description = "The job's dataset with its features (pixels) permuted by a permutation drawn from seed, the "
        + "same for every row; the rows as they are when seed is omitted (permuted MNIST)")
@JsonTypeName("permuted")
public record PermutedTask(
        @Schema(description = "Seed of the permutation; omitted: the identity", example = "1") Long seed)
        implements TaskSpec {

    @Override
    public Rows of(INDArray x, INDArray y, List<String> classNames) {
        return new Rows(seed == null ? x : x.getColumns(permutation((int) x.columns())), y);
    }

    @Override
    public int trainRows(PreparedData data) {
        return data.trainRows();
    }

    @Override
    public String label() {
        return seed == null ? "identity" : "permuted " + seed;
    }

    /** Where each feature of the task's rows comes from. */
    int[] permutation(int features) {
        return SeededRows.sample(features, features, seed);
    }
}
