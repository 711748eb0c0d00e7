package dev.descent.sweep;

import dev.descent.error.InvalidFieldException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameters of a sweep and their domains, and the configurations drawn from them: the grid's points in order
 * (the last parameter varying fastest), or seeded random draws, configuration {@code c} from its own stream so
 * that any configuration can be drawn again on its own.
 */
final class SearchSpace {

    private final Map<String, ParameterDomain> domains;

    SearchSpace(Map<String, ParameterDomain> domains) {
        domains.forEach(SearchSpace::check);
        this.domains = domains;
    }

    private static void check(String path, ParameterDomain domain) {
        String field = "parameters." + path;
        int given = (domain.values() != null ? 1 : 0) + (domain.uniform() != null ? 1 : 0)
                + (domain.logUniform() != null ? 1 : 0) + (domain.intRange() != null ? 1 : 0);
        if (given != 1) {
            throw new InvalidFieldException(field, "give exactly one of values, uniform, logUniform, intRange; "
                    + given + " given");
        }
        if (domain.uniform() != null && !(domain.uniform().get(0) < domain.uniform().get(1))) {
            throw new InvalidFieldException(field + ".uniform", "needs a < b, was " + domain.uniform());
        }
        if (domain.logUniform() != null && !(0 < domain.logUniform().get(0)
                && domain.logUniform().get(0) < domain.logUniform().get(1))) {
            throw new InvalidFieldException(field + ".logUniform", "needs 0 < a < b, was " + domain.logUniform());
        }
        List<Long> range = domain.intRange();
        if (range != null && (range.get(2) < 1 || range.get(0) > range.get(1))) {
            throw new InvalidFieldException(field + ".intRange", "needs a ≤ b and step ≥ 1, was " + range);
        }
    }

    List<String> paths() {
        return List.copyOf(domains.keySet());
    }

    ParameterDomain domain(String path) {
        return domains.get(path);
    }

    /** Whether every domain is a finite list of values, so that the space is a grid. */
    boolean discrete() {
        return domains.values().stream().allMatch(d -> d.values() != null || d.intRange() != null);
    }

    /** Points of the grid; Long.MAX_VALUE when they overflow. */
    long gridSize() {
        long size = 1;
        for (ParameterDomain domain : domains.values()) {
            size = Math.multiplyExact(size, count(domain));
            if (size > Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return size;
    }

    /** Grid point {@code index}: the last parameter varies fastest. */
    Map<String, Object> gridPoint(long index) {
        List<String> paths = paths();
        Object[] values = new Object[paths.size()];
        for (int i = paths.size() - 1; i >= 0; i--) {
            ParameterDomain domain = domains.get(paths.get(i));
            long count = count(domain);
            values[i] = discreteValue(domain, index % count);
            index /= count;
        }
        Map<String, Object> point = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            point.put(paths.get(i), values[i]);
        }
        return point;
    }

    /** Random configuration {@code index} of the sweep seeded {@code seed}. */
    Map<String, Object> draw(long seed, int index) {
        SplittableRandom random = stream(seed, index);
        Map<String, Object> point = new LinkedHashMap<>();
        domains.forEach((path, domain) -> point.put(path, drawOne(domain, random)));
        return point;
    }

    /** A distinct, well-mixed stream per configuration (as the Trainer's per-epoch streams). */
    static SplittableRandom stream(long seed, long index) {
        return new SplittableRandom(new SplittableRandom(seed).split().nextLong() ^ (0x9E3779B97F4A7C15L * (index + 1)));
    }

    private static Object drawOne(ParameterDomain domain, SplittableRandom random) {
        if (domain.uniform() != null) {
            double a = domain.uniform().get(0);
            double b = domain.uniform().get(1);
            return a + (b - a) * random.nextDouble();
        }
        if (domain.logUniform() != null) {
            double logA = Math.log(domain.logUniform().get(0));
            double logB = Math.log(domain.logUniform().get(1));
            return Math.exp(logA + (logB - logA) * random.nextDouble());
        }
        return discreteValue(domain, random.nextLong(count(domain)));
    }

    private static long count(ParameterDomain domain) {
        if (domain.values() != null) {
            return domain.values().size();
        }
        if (domain.intRange() != null) {
            return (domain.intRange().get(1) - domain.intRange().get(0)) / domain.intRange().get(2) + 1;
        }
        return Long.MAX_VALUE;
    }

    private static Object discreteValue(ParameterDomain domain, long index) {
        if (domain.values() != null) {
            return domain.values().get((int) index);
        }
        long value = domain.intRange().get(0) + index * domain.intRange().get(2);
        return value == (int) value ? (Object) (int) value : (Object) value;
    }

    /** Whether values of this parameter are best shown on a log axis. */
    boolean logScale(String path) {
        return domains.get(path).logUniform() != null;
    }

    /** The grid's points in a seeded order (Fisher–Yates on the configuration stream), for asha over a grid. */
    List<Map<String, Object>> shuffledGrid(long seed) {
        int size = (int) gridSize();
        List<Map<String, Object>> points = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            points.add(gridPoint(i));
        }
        SplittableRandom random = stream(seed, -1);
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Map<String, Object> t = points.get(i);
            points.set(i, points.get(j));
            points.set(j, t);
        }
        return points;
    }
}
