package org.nvr.cli.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats):
 * {@code # HELP name text}, {@code # TYPE name type}, and samples {@code name{label="value",...} value [timestamp]}.
 * Every sample must belong to a family with a TYPE line: its own name, or for histograms and summaries the name
 * less {@code _bucket}, {@code _count}, {@code _sum} or {@code _created}. Anything else is a
 * {@link IllegalArgumentException} naming the line.
 */
final class PrometheusText {
    /** One sample line: its family (the TYPE name), metric name, labels and value. */
    record Sample(String family, String name, Map<String, String> labels, double value) {
    }

    /** A parsed scrape: family name to type, and the samples in order. */
    record Scrape(Map<String, String> types, List<Sample> samples) {
        Set<String> families() {
            return types.keySet();
        }
    }

    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern TYPE = Pattern.compile("# TYPE (" + NAME + ") (\\S+)");
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ")( .*)?");
    private static final Pattern SAMPLE = Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_created");

    private PrometheusText() {
    }

    static Scrape parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "'";
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE")) {
                Matcher m = TYPE.matcher(line);
                if (!m.matches() || !TYPES.contains(m.group(2))) {
                    throw new IllegalArgumentException("bad TYPE at " + where);
                }
                if (types.put(m.group(1), m.group(2)) != null) {
                    throw new IllegalArgumentException("second TYPE for " + m.group(1) + " at " + where);
                }
            } else if (line.startsWith("# HELP")) {
                if (!HELP.matcher(line).matches()) {
                    throw new IllegalArgumentException("bad HELP at " + where);
                }
            } else if (!line.startsWith("#")) {
                samples.add(sample(line, where, types));
            }
        }
        return new Scrape(types, samples);
    }

    private static Sample sample(String line, String where, Map<String, String> types) {
        Matcher m = SAMPLE.matcher(line);
        if (!m.matches()) {
            throw new IllegalArgumentException("bad sample at " + where);
        }
        String name = m.group(1);
        Map<String, String> labels = m.group(3) == null ? Map.of() : labels(m.group(3), where);
        double value;
        try {
            value = value(m.group(4));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value at " + where, e);
        }
        return new Sample(family(name, where, types), name, labels, value);
    }

    private static String family(String name, String where, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type)) {
                    return base;
                }
            }
        }
        throw new IllegalArgumentException("sample without a TYPE line before it at " + where);
    }

    /** Go's ParseFloat spellings Prometheus writes: NaN, +Inf, -Inf, and decimal or exponent numbers. */
    private static double value(String text) {
        switch (text) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!text.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    throw new NumberFormatException(text);
                }
                return Double.parseDouble(text);
        }
    }

    /** {@code a="x",b="y\"z"} with the escapes \\, \" and \n, an optional trailing comma. */
    private static Map<String, String> labels(String text, String where) {
        Map<String, String> labels = new LinkedHashMap<>();
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0 || !LABEL_NAME.matcher(text.substring(i, eq)).matches() || eq + 1 >= text.length()
                    || text.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("bad label at " + where);
            }
            String name = text.substring(i, eq);
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (true) {
                if (j >= text.length()) {
                    throw new IllegalArgumentException("unterminated label value at " + where);
                }
                char c = text.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (j + 1 >= text.length()) {
                        throw new IllegalArgumentException("bad escape at " + where);
                    }
                    char e = text.charAt(j + 1);
                    if (e == 'n') {
                        value.append('\n');
                    } else if (e == '\\' || e == '"') {
                        value.append(e);
                    } else {
                        throw new IllegalArgumentException("bad escape \\" + e + " at " + where);
                    }
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(name, value.toString()) != null) {
                throw new IllegalArgumentException("label " + name + " twice at " + where);
            }
            i = j + 1;
            if (i < text.length()) {
                if (text.charAt(i) != ',') {
                    throw new IllegalArgumentException("expected ',' after label " + name + " at " + where);
                }
                i++;
            }
        }
        return labels;
    }
}
