package org.nvr.storage.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One row of the fault-injection table of docs/reliability.md, appended (tab-separated: fault, how injected, rounds,
 * what was checked, data lost, result) to the file named by the system property {@value #PROPERTY} when
 * {@code bench/reliability.sh} sets it; nothing otherwise.
 */
final class FaultLog {
    static final String PROPERTY = "nvr.reliability.out";

    private FaultLog() {
    }

    static void row(String fault, String how, long rounds, String checked, String lost, String result)
            throws IOException {
        String out = System.getProperty(PROPERTY);
        if (out == null || out.isBlank()) {
            return;
        }
        String line = String.join("\t", fault, how, Long.toString(rounds), checked, lost, result) + "\n";
        Files.writeString(Path.of(out), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** An integer system property, or {@code fallback}. */
    static int intProperty(String name, int fallback) {
        String value = System.getProperty(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
