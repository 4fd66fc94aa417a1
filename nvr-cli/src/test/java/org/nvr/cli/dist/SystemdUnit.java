package org.nvr.cli.dist;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A systemd unit file read as systemd.syntax(7) describes it: {@code [Section]} headers, {@code Key=Value} lines,
 * comment lines starting with {@code #} or {@code ;}. A key may repeat; its values are kept in order. Line
 * continuations are not supported (config/nvr.service has none), and a line of another shape is an error.
 */
record SystemdUnit(Map<String, Map<String, List<String>>> sections, List<Line> lines) {
    /** One line of the file: its section, and its key (null for a comment, blank line or header). */
    record Line(int number, String section, String key, String text) {
    }

    static SystemdUnit parse(String text) {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        List<Line> lines = new ArrayList<>();
        String section = null;
        int number = 0;
        for (String raw : text.split("\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                lines.add(new Line(number, section, null, line));
            } else if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                sections.putIfAbsent(section, new LinkedHashMap<>());
                lines.add(new Line(number, section, null, line));
            } else {
                int eq = line.indexOf('=');
                if (eq <= 0 || section == null || line.endsWith("\\")) {
                    throw new IllegalArgumentException("line " + number + " is not Key=Value in a section: " + raw);
                }
                String key = line.substring(0, eq).strip();
                sections.get(section).computeIfAbsent(key, k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
                lines.add(new Line(number, section, key, line));
            }
        }
        return new SystemdUnit(sections, lines);
    }

    /** The values of {@code key} in {@code section}, in file order; empty if absent. */
    List<String> values(String section, String key) {
        return sections.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
    }
}
