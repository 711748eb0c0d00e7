package dev.descent.continual;

import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.dataset.PreparedData;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.stream.IntStream;

/**
 * The job's rows of some classes (split MNIST, split digits: Zenke et al. 2017), trained with the model's output over
 * every class (the class-incremental setting: nothing tells the model which task a row is from).
 */
@Schema(description = "The job's rows of these classes only (split MNIST: tasks of class pairs); the model's output "
        + "stays over every class of the dataset")
@JsonTypeName("classes")
public record ClassesTask(
        @ArraySchema(arraySchema = @Schema(description = "Class labels as the dataset names them",
                example = "[\"0\", \"1\"]"), schema = @Schema(maxLength = 200))
        @NotEmpty @Size(max = 1000) List<@Size(max = 200) String> classes) implements TaskSpec {

    public ClassesTask {
        classes = classes != null ? List.copyOf(classes) : null;
    }

    @Override
    public Rows of(INDArray x, INDArray y, List<String> classNames) {
        int[] chosen = chosen(y, classNames);
        return chosen.length == 0 ? null : new Rows(x.getRows(chosen), y.getRows(chosen));
    }

    @Override
    public int trainRows(PreparedData data) {
        return chosen(data.trainY(), data.classNames()).length;
    }

    @Override
    public String label() {
        return "classes " + String.join(", ", classes);
    }

    /** The rows whose one-hot class is one of the task's. */
    private int[] chosen(INDArray oneHot, List<String> classNames) {
        boolean[] kept = new boolean[classNames.size()];
        classes.forEach(name -> kept[classNames.indexOf(name)] = true); // the submission checked the names
        int[] labels = oneHot.argMax(1).toIntVector();
        return IntStream.range(0, labels.length).filter(i -> kept[labels[i]]).toArray();
    }
}
