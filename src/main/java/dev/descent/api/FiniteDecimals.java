package dev.descent.api;

import org.springframework.stereotype.Component;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.NumberDeserializers;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses decimals too large for a double (1e999), which Jackson would read as Infinity, and the strings "NaN" and
 * "Infinity", which it would coerce: no field of the API means either, and an infinite learning rate or clipping norm
 * would only make a job that diverges at its first step. The NaN and Infinity tokens are refused by the parser.
 */
@Component
class FiniteDecimals extends SimpleModule {

    FiniteDecimals() {
        super("finite-decimals");
        addDeserializer(Double.class, new Finite(Double.class, null));
        addDeserializer(double.class, new Finite(double.class, 0.0));
    }

    private static final class Finite extends NumberDeserializers.DoubleDeserializer {

        Finite(Class<Double> type, Double emptyValue) {
            super(type, emptyValue);
        }

        @Override
        public Double deserialize(JsonParser parser, DeserializationContext context) {
            Double value = super.deserialize(parser, context);
            if (value != null && !Double.isFinite(value)) {
                return (Double) context.handleWeirdNumberValue(Double.class, value, Double.isNaN(value)
                        ? "not a number" : "beyond the float64 range (magnitudes up to about 1.8e308)");
            }
            return value;
        }
    }
}
