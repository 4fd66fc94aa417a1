package org.nvr.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} command-line options of the benchmark mains, checked against the names they accept. */
public final class BenchArgs {
    private final Map<String, String> values = new HashMap<>();

    public BenchArgs(String[] args, Set<String> accepted) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("options come in pairs: --name value");
        }
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i];
            if (!name.startsWith("--") || !accepted.contains(name.substring(2))) {
                throw new IllegalArgumentException("unknown option " + name + "; accepted: " + accepted);
            }
            values.put(name.substring(2), args[i + 1]);
        }
    }

    public String string(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        int value = Integer.parseInt(text);
        if (value < min || value > max) {
            throw new IllegalArgumentException("--" + name + " " + value + " is not in " + min + ".." + max);
        }
        return value;
    }

    /** A decimal option such as {@code --loss-percent 0.5}, checked against {@code min..max}. */
    public double decimal(String name, double fallback, double min, double max) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        double value = Double.parseDouble(text);
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException("--" + name + " " + text + " is not in " + min + ".." + max);
        }
        return value;
    }

    /** A 64-bit option such as {@code --seed}. */
    public long longValue(String name, long fallback) {
        String text = values.get(name);
        return text == null ? fallback : Long.parseLong(text);
    }
}
