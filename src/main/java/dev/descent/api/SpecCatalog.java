package dev.descent.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Describes every method of a type-discriminated spec family (optimizers, schedules) from the very annotations
 * that Jackson reads and Bean Validation enforces, so the catalog, the validator and the OpenAPI document cannot
 * drift apart.
 */
final class SpecCatalog {

    /** One method: its {@code type}, what it does, its parameters, and an example spec built from their examples. */
    record Method(String type, String description, List<Parameter> parameters, Map<String, Object> example) {
    }

    /** One hyperparameter: JSON type, default, allowed range (null bounds are open) and meaning. */
    record Parameter(String name, String type, boolean required, String defaultValue, Double minimum,
                     boolean exclusiveMinimum, Double maximum, boolean exclusiveMaximum, List<String> allowedValues,
                     String description) {
    }

    private SpecCatalog() {
    }

    static List<Method> describe(Class<?> family) {
        return Arrays.stream(family.getAnnotation(JsonSubTypes.class).value())
                .map(subtype -> method(subtype.name(), subtype.value()))
                .toList();
    }

    private static Method method(String type, Class<?> spec) {
        Schema schema = spec.getAnnotation(Schema.class);
        List<Parameter> parameters = Arrays.stream(spec.getRecordComponents()).map(SpecCatalog::parameter).toList();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type);
        for (RecordComponent component : spec.getRecordComponents()) {
            Schema field = annotation(component, Schema.class);
            if (component.getType().isAnnotationPresent(JsonSubTypes.class)) {
                // a nested spec (SAM's base, warm-up's next schedule): the family's first method as example
                JsonSubTypes.Type first = component.getType().getAnnotation(JsonSubTypes.class).value()[0];
                example.put(component.getName(), method(first.name(), first.value()).example());
            } else if (field != null && !field.example().isEmpty()) {
                example.put(component.getName(), exampleValue(component.getType(), field.example()));
            }
        }
        return new Method(type, schema != null ? schema.description() : "", parameters, example);
    }

    private static Parameter parameter(RecordComponent component) {
        Schema schema = annotation(component, Schema.class);
        Double minimum = null;
        boolean exclusiveMinimum = false;
        Double maximum = null;
        boolean exclusiveMaximum = false;
        if (annotation(component, Positive.class) != null) {
            minimum = 0.0;
            exclusiveMinimum = true;
        }
        if (annotation(component, PositiveOrZero.class) != null) {
            minimum = 0.0;
        }
        Min min = annotation(component, Min.class);
        if (min != null) {
            minimum = (double) min.value();
        }
        DecimalMin decimalMin = annotation(component, DecimalMin.class);
        if (decimalMin != null) {
            minimum = Double.parseDouble(decimalMin.value());
            exclusiveMinimum = !decimalMin.inclusive();
        }
        Max max = annotation(component, Max.class);
        if (max != null) {
            maximum = (double) max.value();
        }
        DecimalMax decimalMax = annotation(component, DecimalMax.class);
        if (decimalMax != null) {
            maximum = Double.parseDouble(decimalMax.value());
            exclusiveMaximum = !decimalMax.inclusive();
        }
        Class<?> type = component.getType();
        List<String> allowed = schema != null && schema.allowableValues().length > 0
                ? List.of(schema.allowableValues()) : null;
        return new Parameter(component.getName(), jsonType(type), annotation(component, NotNull.class) != null,
                schema != null && !schema.defaultValue().isEmpty() ? schema.defaultValue() : null,
                minimum, exclusiveMinimum, maximum, exclusiveMaximum, allowed,
                schema != null ? schema.description() : "");
    }

    /**
     * An annotation written on a record component: Java keeps it on the component's field (the annotations used
     * here do not target record components themselves).
     */
    private static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent component, Class<A> type) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName()).getAnnotation(type);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jsonType(Class<?> type) {
        if (type == Double.class) {
            return "number";
        }
        if (type == Integer.class || type == Long.class) {
            return "integer";
        }
        if (type == Boolean.class) {
            return "boolean";
        }
        if (type.isInterface()) {
            return "object (a spec with its own type)";
        }
        return "string";
    }

    private static Object exampleValue(Class<?> type, String example) {
        if (type == Double.class) {
            return Double.parseDouble(example);
        }
        if (type == Integer.class || type == Long.class) {
            return Long.parseLong(example);
        }
        if (type == Boolean.class) {
            return Boolean.parseBoolean(example);
        }
        return example;
    }
}
