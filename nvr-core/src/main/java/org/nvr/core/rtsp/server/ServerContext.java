package org.nvr.core.rtsp.server;

import java.security.SecureRandom;
import java.util.concurrent.Executor;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.playback.RecordingReader;
import org.nvr.core.time.NvrClock;

/** What every connection of one server shares. {@code udp} is null when the server offers no UDP. */
record ServerContext(RtspServerOptions options, LiveSources live, RecordingReader recordings,
                     RequestAuthenticator authenticator, AuditLog audit, NvrClock clock, RtspServerMetrics metrics,
                     Executor blocking, SessionRegistry sessions, UdpSockets udp, SecureRandom random) {
}
