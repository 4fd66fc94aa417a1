package org.nvr.cli.config;

import java.util.List;

/**
 * What a configuration reload did.
 *
 * @param applied      the changes now in force, one line each (e.g. {@code camera gate: added})
 * @param needsRestart nvr.yaml keys whose new value waits for a restart (e.g. {@code rtsp.port})
 */
public record ReloadResult(List<String> applied, List<String> needsRestart) {
    public ReloadResult {
        applied = List.copyOf(applied);
        needsRestart = List.copyOf(needsRestart);
    }
}
