package org.nvr.core.rtsp;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.rtsp.RtspDecoder;
import io.netty.handler.codec.rtsp.RtspEncoder;
import java.time.Duration;
import org.nvr.core.netty.RequestDeadlineHandler;
import org.nvr.core.netty.RequestTimeoutEvent;

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
        addDecoders(pipeline, maxMessageBytes);
    }

    /**
     * The same, behind a {@code deadline} ({@link RequestDeadlineHandler}): each request, and each interleaved
     * frame from the client, must arrive whole within {@code requestTimeout} of its first byte, else the handler
     * after these receives a {@link RequestTimeoutEvent} (slowloris, issue #12). The framer cuts the stream into
     * whole messages and frames, so whatever it emits is a finished request and whatever it holds is an unfinished
     * one.
     *
     * @param maxMessageBytes limit on each of a message's initial line, header block and body
     * @param requestTimeout  how long a request or frame may take to arrive
     */
    public static void addTo(ChannelPipeline pipeline, int maxMessageBytes, Duration requestTimeout) {
        InterleavedFrameDecoder framer = new InterleavedFrameDecoder(maxMessageBytes, maxMessageBytes);
        RequestDeadlineHandler deadline = new RequestDeadlineHandler(requestTimeout, () -> framer.bufferedBytes() > 0);
        pipeline.addLast("deadline", deadline);
        pipeline.addLast("interleaved", framer);
        pipeline.addLast("request-complete", deadline.completion());
        addDecoders(pipeline, maxMessageBytes);
    }

    private static void addDecoders(ChannelPipeline pipeline, int maxMessageBytes) {
        pipeline.addLast("rtsp-decoder", new RtspDecoder(maxMessageBytes, maxMessageBytes, maxMessageBytes));
        pipeline.addLast("rtsp-encoder", new RtspEncoder());
        pipeline.addLast("aggregator", new HttpObjectAggregator(maxMessageBytes));
        pipeline.addLast("failed-as-request", FailedMessageAsRequest.INSTANCE);
    }
}
