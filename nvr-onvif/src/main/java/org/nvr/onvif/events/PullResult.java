package org.nvr.onvif.events;

import java.util.List;

/**
 * What one PullMessages returned.
 *
 * @param events    the well-formed events, in order
 * @param malformed notifications skipped as malformed (no UtcTime, unbound topic prefix, too many items, ...)
 * @param dropped   notifications beyond the requested message limit, not read
 */
public record PullResult(List<OnvifEvent> events, int malformed, int dropped) {
    public PullResult {
        events = List.copyOf(events);
        if (malformed < 0 || dropped < 0) {
            throw new IllegalArgumentException("counts must be >= 0");
        }
    }
}
