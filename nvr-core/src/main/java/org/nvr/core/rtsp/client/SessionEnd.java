package org.nvr.core.rtsp.client;

import java.util.Objects;
import org.nvr.core.model.GapCause;

/**
 * Why an RTSP session ended.
 *
 * @param cause     camera (it refused or misbehaved) or network (unreachable, reset, timeout, stall)
 * @param detail    a one-line reason for the log and the gap row; never contains credentials
 * @param requested true when the NVR itself closed the session (shutdown, camera disabled)
 */
public record SessionEnd(GapCause cause, String detail, boolean requested) {
    public SessionEnd {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
    }
}
