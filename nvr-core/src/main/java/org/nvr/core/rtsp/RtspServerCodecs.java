package org.nvr.core.rtsp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;

/**
 * The codec handlers of a server-side RTSP connection, shared by the NVR's RTSP server and the demo camera: the
 * server adds its own request handler after them.
 */
public final class RtspServerCodecs {
    private RtspServerCodecs() {
    }

    /**
     * Adds {@code interleaved}, {@code rtsp-decoder}, {@code rtsp-encoder}, {@code aggregator} and
     * {@code failed-as-request} to the end of {@code pipeline}: the handler after them receives interleaved frames
     * and {@code FullHttpRequest}s, a request that did not parse marked by its failed decoder result (the handler
     * answers 400 and resets the {@code RtspDecoder}).
     *
     * @param maxMessageBytes limit on each of a message's initial line, header block and body
     */
    public static void addTo(ChannelPipeline pipeline, int maxMessageBytes) {
        // RTCP receiver reports arrive as $ frames between requests (RFC 2326 §10.12); RtspDecoder cannot parse
        // those, so the framer goes first and hands RtspDecoder one whole message at a time.
        pipeline.addLast("interleaved", new InterleavedFrameDecoder(maxMessageBytes, maxMessageBytes));
        pipeline.addLast("rtsp-decoder", new RtspDecoder(maxMessageBytes, maxMessageBytes, maxMessageBytes));
        pipeline.addLast("rtsp-encoder", new RtspEncoder());
        pipeline.addLast("aggregator", new HttpObjectAggregator(maxMessageBytes));
        pipeline.addLast("failed-as-request", FailedMessageAsRequest.INSTANCE);
    }
}
