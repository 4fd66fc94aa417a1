package org.nvr.bench.sim;

import java.util.Locale;

/** How a TCP session hands a picture's RTP packets to the kernel. */
public enum WriteMode {
    /**
     * All packets of a picture, then one flush: Netty's NIO channel gathers them into one {@code writev}, as a
     * camera that writes whole frames (Hikvision, Dahua main streams) does.
     */
    PER_PICTURE("per-picture"),
    /** One flush, so one {@code write} system call, per RTP packet, as GStreamer's RTSP server does. */
    PER_PACKET("per-packet");

    private final String option;

    WriteMode(String option) {
        this.option = option;
    }

    /** The command-line spelling: {@code per-picture} or {@code per-packet}. */
    public String option() {
        return option;
    }

    /** Parses the command-line spelling. */
    public static WriteMode parse(String text) {
        for (WriteMode mode : values()) {
            if (mode.option.equals(text.toLowerCase(Locale.ROOT))) {
                return mode;
            }
        }
        throw new IllegalArgumentException("--write must be per-picture or per-packet, not '" + text + "'");
    }
}
