package org.nvr.core.rtsp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;

/**
 * The codec handlers of a client-side RTSP connection (the NVR pulling from a camera): the session adds its own
 * handler after them. Kept apart from the session so that the byte-level pipeline a camera talks to can be driven
 * on its own (the fuzz test {@code RtspClientPipelineFuzzTest}).
 */
public final class RtspClientCodecs {
    /** Longest status line accepted: {@code RTSP/1.0 200 OK} and its kin are far shorter. */
    private static final int MAX_INITIAL_LINE_BYTES = 4096;

    private RtspClientCodecs() {
    }

    /**
     * Adds {@code interleaved}, {@code interleavedEncoder}, {@code rtspDecoder}, {@code rtspEncoder} and
     * {@code aggregator} to the end of {@code pipeline}.
     *
     * @param maxHeaderBytes  bound on a message's start line and headers
     * @param maxContentBytes bound on a message's body (the SDP)
     */
    public static void addTo(ChannelPipeline pipeline, int maxHeaderBytes, int maxContentBytes) {
        // The interleaved decoder splits '$' frames from RTSP messages (RFC 2326 §10.12), which Netty's
        // RtspDecoder cannot do; the encoder for frames sits below RtspEncoder.
        pipeline.addLast("interleaved", new InterleavedFrameDecoder(maxHeaderBytes, maxContentBytes))
                .addLast("interleavedEncoder", new InterleavedFrameEncoder())
                .addLast("rtspDecoder", new RtspDecoder(MAX_INITIAL_LINE_BYTES, maxHeaderBytes, maxContentBytes))
                .addLast("rtspEncoder", new RtspEncoder())
                .addLast("aggregator", new HttpObjectAggregator(maxContentBytes));
    }
}
