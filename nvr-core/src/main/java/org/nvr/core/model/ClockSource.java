package org.nvr.core.model;

/** How an access unit's wall-clock time was obtained; exports must say it (DESIGN.md, "Time"). */
public enum ClockSource {
    /** From the camera's RTCP Sender Reports (RFC 3550 §6.4.1): NTP time paired with an RTP timestamp. */
    RTCP_SR,
    /** From the NVR's own receive clock, slewed at most 500 ppm against media time. */
    RECEIVE_CLOCK
}
