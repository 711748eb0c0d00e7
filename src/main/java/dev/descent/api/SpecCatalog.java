package dev.descent.api;

import io.swagger.v3.oas.annotations.media.ArraySchema;
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
 * Describes every method of a type-discriminated spec family (optimizers, schedules, losses, layers) from the very annotations
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
        return SpecTypes.of(family).stream().map(type -> method(type.name(), type.spec())).toList();
    }

    /**
     * Describes each component of a record of optional specs (training.diagnostics), named by the component: its
     * example is the spec's value there, without a type.
     */
    static List<Method> describeComponents(Class<?> holder) {
        return Arrays.stream(holder.getRecordComponents())
                .map(component -> describeField(component.getName(), component.getType())).toList();
    }

    /** Describes a spec that a field of its own takes (training.adaptiveBatch), named by it: its example has no type. */
    static Method describeField(String field, Class<?> spec) {
        Method method = method(field, spec);
        Map<String, Object> example = new LinkedHashMap<>(method.example());
        example.remove("type");
        return new Method(method.type(), method.description(), method.parameters(), example);
    }

    private static Method method(String type, Class<?> spec) {
        Schema schema = spec.getAnnotation(Schema.class);
        List<Parameter> parameters = Arrays.stream(spec.getRecordComponents()).map(SpecCatalog::parameter).toList();
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type);
        for (RecordComponent component : spec.getRecordComponents()) {
            Schema field = annotation(component, Schema.class);
            ArraySchema array = annotation(component, ArraySchema.class);
            Class<?> element = component.getType() == List.class ? elementType(component) : null;
            if (element != null && SpecTypes.isFamily(element)) {
                // a list of nested specs (a residual block's layers): the family's first method as its one item
                SpecTypes.Type first = SpecTypes.of(element).get(0);
                example.put(component.getName(), List.of(method(first.name(), first.spec()).example()));
            } else if (element != null && array != null && !array.schema().example().isEmpty()) {
                Object item = exampleValue(element, array.schema().example());
                example.put(component.getName(), java.util.Collections.nCopies(Math.max(1, array.minItems()), item));
            } else if (SpecTypes.isFamily(component.getType())) {
                // a nested spec (SAM's base, warm-up's next schedule): the family's first method as example
                SpecTypes.Type first = SpecTypes.of(component.getType()).get(0);
                example.put(component.getName(), method(first.name(), first.spec()).example());
            } else if (field != null && !field.example().isEmpty()) {
                example.put(component.getName(), exampleValue(component.getType(), field.example()));
            }
        }
        return new Method(type, schema != null ? schema.description() : "", parameters, example);
    }

    private static Parameter parameter(RecordComponent component) {
        Schema schema = annotation(component, Schema.class);
        ArraySchema array = annotation(component, ArraySchema.class);
        if (schema == null && array != null) {
            schema = !array.arraySchema().description().isEmpty() ? array.arraySchema() : array.schema();
        }
        // a list's bounds are its items' (List<@Min(1) Integer>)
        java.lang.reflect.AnnotatedElement bounded = component.getType() == List.class ? elementAnnotations(component)
                : field(component);
        Double minimum = null;
        boolean exclusiveMinimum = false;
        Double maximum = null;
        boolean exclusiveMaximum = false;
        if (bounded.getAnnotation(Positive.class) != null) {
            minimum = 0.0;
            exclusiveMinimum = true;
        }
        if (bounded.getAnnotation(PositiveOrZero.class) != null) {
            minimum = 0.0;
        }
        Min min = bounded.getAnnotation(Min.class);
        if (min != null) {
            minimum = (double) min.value();
        }
        DecimalMin decimalMin = bounded.getAnnotation(DecimalMin.class);
        if (decimalMin != null) {
            minimum = Double.parseDouble(decimalMin.value());
            exclusiveMinimum = !decimalMin.inclusive();
        }
        Max max = bounded.getAnnotation(Max.class);
        if (max != null) {
            maximum = (double) max.value();
        }
        DecimalMax decimalMax = bounded.getAnnotation(DecimalMax.class);
        if (decimalMax != null) {
            maximum = Double.parseDouble(decimalMax.value());
            exclusiveMaximum = !decimalMax.inclusive();
        }
        Class<?> type = component.getType();
        List<String> allowed = schema != null && schema.allowableValues().length > 0
                ? List.of(schema.allowableValues()) : null;
        String jsonType = type == List.class ? "array of " + plural(jsonType(elementType(component))) : jsonType(type);
        return new Parameter(component.getName(), jsonType, annotation(component, NotNull.class) != null,
                schema != null && !schema.defaultValue().isEmpty() ? schema.defaultValue() : null,
                minimum, exclusiveMinimum, maximum, exclusiveMaximum, allowed,
                schema != null ? schema.description() : "");
    }

    /**
     * An annotation written on a record component: Java keeps it on the component's field (the annotations used
     * here do not target record components themselves).
     */
    private static <A extends java.lang.annotation.Annotation> A annotation(RecordComponent component, Class<A> type) {
        return field(component).getAnnotation(type);
    }

    private static java.lang.reflect.Field field(RecordComponent component) {
        try {
            return component.getDeclaringRecord().getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The annotated type argument of a {@code List<…>} component. */
    private static java.lang.reflect.AnnotatedType elementAnnotations(RecordComponent component) {
        return ((java.lang.reflect.AnnotatedParameterizedType) field(component).getAnnotatedType())
                .getAnnotatedActualTypeArguments()[0];
    }

    private static Class<?> elementType(RecordComponent component) {
        java.lang.reflect.Type type = elementAnnotations(component).getType();
        return type instanceof Class<?> c ? c : Object.class;
    }

    private static String plural(String jsonType) {
        return jsonType.startsWith("object") ? "objects" + jsonType.substring("object".length()) : jsonType + "s";
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
