package dev.descent.api;

import dev.descent.augmentation.AugmentationSpec;
import dev.descent.continual.ContinualSpec;
import dev.descent.diagnostics.DiagnosticsSpec;
import dev.descent.model.Activation;
import dev.descent.model.BoostingSpec;
import dev.descent.model.Loss;
import dev.descent.model.TrActSpec;
import dev.descent.model.layer.LayerSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ScheduleSpec;
import dev.descent.training.AdaptiveBatchSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

@RestController
@RequestMapping("/api/v1/catalog")
@Tag(name = "Catalog", description = "Every method a job can use, with its parameters, defaults and ranges")
public class CatalogController {

    private static final List<SpecCatalog.Method> OPTIMIZERS = SpecCatalog.describe(OptimizerSpec.class);
    private static final List<SpecCatalog.Method> SCHEDULES = SpecCatalog.describe(ScheduleSpec.class);
    private static final List<SpecCatalog.Method> LOSSES = SpecCatalog.describe(Loss.class);
    private static final List<SpecCatalog.Method> LAYERS = SpecCatalog.describe(LayerSpec.class);
    private static final List<SpecCatalog.Method> DIAGNOSTICS = SpecCatalog.describeComponents(DiagnosticsSpec.class);
    private static final List<SpecCatalog.Method> METHODS = Stream.concat(
            SpecCatalog.describe(AugmentationSpec.class).stream(),
            Stream.of(SpecCatalog.describeField("adaptiveBatch", AdaptiveBatchSpec.class),
                    SpecCatalog.describeField("boosting", BoostingSpec.class),
                    SpecCatalog.describeField("tract", TrActSpec.class),
                    SpecCatalog.describeField("continual", ContinualSpec.class))).toList();

    /** A named choice without parameters. */
    record Choice(String name, String description) {
    }

    @GetMapping("/optimizers")
    @Operation(summary = "Optimizers", description = "Each optimizer's type, description, parameters (JSON type, "
            + "default, allowed range) and an example spec; the same annotations validate submitted jobs.")
    public List<SpecCatalog.Method> optimizers() {
        return OPTIMIZERS;
    }

    @GetMapping("/schedules")
    @Operation(summary = "Learning-rate schedules", description = "Each schedule's type, parameters and an example; "
            + "a job sets one as training.schedule, counted per step or per epoch (training.scheduleUnit).")
    public List<SpecCatalog.Method> schedules() {
        return SCHEDULES;
    }

    @GetMapping("/losses")
    @Operation(summary = "Losses", description = "Each loss's type, parameters and an example; model.loss takes one. "
            + "cross-entropy, label-smoothing, generalized-cross-entropy and mae are for classification, mse and "
            + "huber for regression.")
    public List<SpecCatalog.Method> losses() {
        return LOSSES;
    }

    @GetMapping("/layers")
    @Operation(summary = "Layers", description = "Each layer's type, parameters (JSON type, default, allowed range) "
            + "and an example; model.layers lists them, input side first, and the output layer follows. Shapes are "
            + "inferred at submission: POST /api/v1/models/summary shows them.")
    public List<SpecCatalog.Method> layers() {
        return LAYERS;
    }

    @GetMapping("/diagnostics")
    @Operation(summary = "Diagnostics", description = "Each diagnostic a job can record (training.diagnostics), "
            + "named by its field there (type here), with its parameters (JSON type, default, allowed range), an "
            + "example value and what it records; each is off unless given. docs/diagnostics.md explains them.")
    public List<SpecCatalog.Method> diagnostics() {
        return DIAGNOSTICS;
    }

    @GetMapping("/methods")
    @Operation(summary = "Training methods", description = "Each training method of the papers a job can use, with "
            + "its parameters (JSON type, default, allowed range) and an example: mixup and multi-mix (types of "
            + "training.augmentation), adaptiveBatch (training.adaptiveBatch), boosting (model.boosting) and tract "
            + "(model.firstLayer.tract). docs/methods.md explains them.")
    public List<SpecCatalog.Method> methods() {
        return METHODS;
    }

    @GetMapping("/activations")
    @Operation(summary = "Activations", description = "What a dense or conv2d layer's activation accepts.")
    public List<Choice> activations() {
        return Arrays.stream(Activation.values()).map(a -> new Choice(a.id(), a.description())).toList();
    }
}
