package org.nvr.core.rtsp.server;

import java.util.Optional;
import org.nvr.core.record.StreamKey;
import org.nvr.core.stream.StreamHub;

/** Where the RTSP server finds live video: the hub of a camera stream, if that stream is running. */
public interface LiveSources {
    /** The hub of {@code key}, or empty if no such camera stream is running. Called on Netty event loops: cheap. */
    Optional<StreamHub> hub(StreamKey key);
}
