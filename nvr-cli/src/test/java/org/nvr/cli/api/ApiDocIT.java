package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.admin.Route;
import org.nvr.core.auth.Role;

/**
 * The route table of docs/api.md against a running server's {@code adminRoutes()}: every route is documented with
 * its role (or {@code public}), and every documented route exists.
 */
class ApiDocIT {
    /** A route row: | METHOD | `path` (optionally `, `/sibling``) | role | what |. */
    private static final Pattern ROW = Pattern.compile(
            "\\| ([A-Z]+) \\| `([^`]+)`(?:, `(/[^`/]+)`)? \\| (\\w+) \\|.*");

    /** Any row that starts with an HTTP method: each must be a well-formed {@link #ROW}. */
    private static final Pattern METHOD_ROW = Pattern.compile("\\| (GET|HEAD|POST|PUT|PATCH|DELETE) \\|");

    @TempDir
    Path dir;

    @Test
    void theRouteTableMatchesTheServersRoutes() throws Exception {
        Map<String, String> documented = documented();
        Map<String, String> served = new TreeMap<>();
        try (TestNvr nvr = TestNvr.builder(dir.resolve("data")).start()) {
            for (Route route : nvr.server().adminRoutes()) {
                served.put(route.method() + " " + route.pattern(),
                        route.requiredRole().map(Role::token).orElse("public"));
            }
        }
        assertThat(served).as("routes served").isNotEmpty();
        assertThat(documented).as("docs/api.md route table (left) against the server's routes (right)")
                .containsExactlyInAnyOrderEntriesOf(served);
    }

    /** "METHOD /path" to role, query parts dropped, "`/a/enable`, `/disable`" read as two routes. */
    private static Map<String, String> documented() throws Exception {
        Path doc = Path.of("..", "docs", "api.md").toAbsolutePath().normalize();
        Map<String, String> rows = new TreeMap<>();
        for (String line : Files.readAllLines(doc)) {
            if (!METHOD_ROW.matcher(line).lookingAt()) {
                continue;
            }
            Matcher m = ROW.matcher(line);
            assertThat(m.matches()).as("route row not in the form | METHOD | `path` | role | what |: " + line)
                    .isTrue();
            String path = withoutQuery(m.group(2));
            put(rows, m.group(1) + " " + path, m.group(4), line);
            if (m.group(3) != null) {
                put(rows, m.group(1) + " " + path.substring(0, path.lastIndexOf('/')) + m.group(3), m.group(4), line);
            }
        }
        return rows;
    }

    private static void put(Map<String, String> rows, String route, String role, String line) {
        assertThat(rows.put(route, role)).as("route documented twice: " + line).isNull();
    }

    /** "/a/b?x=&y=" and "/a/b[?x=1][&y=2]" are both "/a/b". */
    private static String withoutQuery(String path) {
        int bracket = path.indexOf("[?");
        int question = path.indexOf('?');
        int cut = bracket >= 0 ? bracket : question;
        return cut >= 0 ? path.substring(0, cut) : path;
    }
}
