package org.nvr.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row of the report table of docs/reliability.md (faults injected, bad inputs tried, load held), appended
 * (tab-separated: fault or input, how injected, rounds, what was checked, data lost, result) to the file named by the
 * system property {@value #PROPERTY} when {@code bench/reliability.sh} sets it; nothing otherwise. Shared by every
 * module's fault, soak and attack tests through this test-jar.
 */
public final class ReliabilityReport {
    public static final String PROPERTY = "nvr.reliability.out";

    private ReliabilityReport() {
    }

    /** Appends one row; tabs, line breaks and {@code |} in a field would break the table, so they become spaces. */
    public static void row(String fault, String how, long rounds, String checked, String lost, String result)
            throws IOException {
        String out = System.getProperty(PROPERTY);
        if (out == null || out.isBlank()) {
            return;
        }
        String line = String.join("\t", clean(fault), clean(how), Long.toString(rounds), clean(checked), clean(lost),
                clean(result)) + "\n";
        Files.writeString(Path.of(out), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static String clean(String field) {
        return field.replaceAll("[\t\r\n|]+", " ");
    }

    /** An integer system property, or {@code fallback}. */
    public static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
