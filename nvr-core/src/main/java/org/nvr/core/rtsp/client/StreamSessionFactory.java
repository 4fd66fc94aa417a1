package org.nvr.core.rtsp.client;

import io.netty.channel.EventLoop;

/** Makes a new {@link StreamSession} for each connection attempt (after Moonfire NVR's {@code Opener}). */
@FunctionalInterface
public interface StreamSessionFactory {
    /**
     * @param loop     the event loop the session must run on (the camera's)
     * @param listener receives parameters and access units on {@code loop}
     */
    StreamSession open(EventLoop loop, MediaListener listener);
}
