package dev.descent.benchmark;

import java.util.List;
import java.util.Optional;

/** The {@code --name value} options and {@code --flag}s of the benchmark's and the soak's command lines. */
final class CommandLine {

    private final List<String> args;

    CommandLine(String[] args) {
        this.args = List.of(args);
    }

    boolean flag(String name) {
        return args.contains(name);
    }

    int intValue(String name, int fallback) {
        return value(name).map(Integer::parseInt).orElse(fallback);
    }

    double doubleValue(String name, double fallback) {
        return value(name).map(Double::parseDouble).orElse(fallback);
    }

    String stringValue(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    private Optional<String> value(String name) {
        int at = args.indexOf(name);
        return at >= 0 && at + 1 < args.size() ? Optional.of(args.get(at + 1)) : Optional.empty();
    }
}
