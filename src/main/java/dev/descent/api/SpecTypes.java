package dev.descent.api;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.descent.augmentation.AugmentationSpec;
import dev.descent.continual.TaskSpec;
import dev.descent.model.Loss;
import dev.descent.model.layer.LayerSpec;
import dev.descent.optim.OptimizerSpec;
import dev.descent.optim.schedule.ScheduleSpec;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * The types of a spec family: a sealed interface with {@code @JsonTypeInfo} whose records each carry their
 * {@code @JsonTypeName}. Its {@code permits} clause is the one list of them, in order; Jackson finds the subtypes
 * there too, and the catalog, the OpenAPI document and the problem details read them from here.
 */
final class SpecTypes {

    /** Every family a job spec holds. */
    static final List<Class<?>> FAMILIES = List.of(OptimizerSpec.class, ScheduleSpec.class, Loss.class,
            LayerSpec.class, AugmentationSpec.class, TaskSpec.class);

    record Type(String name, Class<?> spec) {
    }

    private SpecTypes() {
    }

    static boolean isFamily(Class<?> type) {
        return type.isSealed() && type.isAnnotationPresent(JsonTypeInfo.class);
    }

    /** The family's concrete types, a sealed sub-family's in its place. */
    static List<Type> of(Class<?> family) {
        return concrete(family).map(spec -> new Type(name(spec), spec)).toList();
    }

    private static Stream<Class<?>> concrete(Class<?> type) {
        return type.isSealed() ? Arrays.stream(type.getPermittedSubclasses()).flatMap(SpecTypes::concrete)
                : Stream.of(type);
    }

    private static String name(Class<?> spec) {
        JsonTypeName name = spec.getAnnotation(JsonTypeName.class);
        if (name == null) {
            throw new IllegalStateException(spec.getName() + " has no @JsonTypeName");
        }
        return name.value();
    }
}
