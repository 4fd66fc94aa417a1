package org.nvr.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.rtsp.server.LiveSources;
import org.nvr.core.rtsp.server.RtspServer;
import org.nvr.core.rtsp.server.RtspServerOptions;
import org.nvr.core.time.NvrClock;

/**
 * The product's {@link RtspServer} as the benchmarks run it: on 127.0.0.1 with an ephemeral port, the
 * {@link BenchUsers} operator, and a session timeout long enough for clients that send no RTCP receiver reports.
 */
final class BenchRtspServer {
    /** The benchmark clients send no RTCP receiver reports; a long timeout keeps their sessions. */
    static final Duration SESSION_TIMEOUT = Duration.ofMinutes(10);

    private BenchRtspServer() {
    }

    static RtspServer create(LiveSources live, RecordingReader recordings, AuditLog audit, MeterRegistry registry,
                             EventLoopGroup group, Executor blocking) {
        RtspServerOptions options = RtspServerOptions.DEFAULTS.withBind("127.0.0.1", 0)
                .withSessionTimeout(SESSION_TIMEOUT);
        return new RtspServer(options, live, recordings, new BenchUsers(), audit, NvrClock.SYSTEM, registry, group,
                blocking);
    }
}
