package org.nvr.core.rtsp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nvr.core.model.AccessUnit;
import org.nvr.core.model.GapCause;
import org.nvr.core.model.StreamItem;
import org.nvr.core.model.VideoParameters;
import org.nvr.core.rtp.NtpTimestamp;
import org.nvr.core.rtsp.client.RtspClientConfig;
import org.nvr.core.rtsp.client.RtspClientSession;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.core.testing.CollectingMediaListener;
import org.nvr.core.testing.StreamItems;
import org.nvr.core.time.NvrClock;

/**
 * Recorded playback from a scripted cursor: two segments of 4 s (frames 0..99 and 1500..1599 at 25 frames/s,
 * keyframes every 50) with a 56 s gap between them.
 */
class RecordedPlaybackTest {

    private static final long PTS_BASE_90K = StreamItems.T0.toEpochMilli() * 90;
    private ScriptedRecordings recordings;
    private ServerFixture fixture;

    @BeforeEach
    void start() {
        List<StreamItem> items = new ArrayList<>();
        items.add(StreamItems.parameters());
        for (long n = 0; n < 100; n++) {
            items.add(unit(n));
        }
        items.add(new org.nvr.core.model.Gap(StreamItems.wall(100), StreamItems.wall(1500), GapCause.NETWORK,
                "camera unreachable"));
        for (long n = 1500; n < 1600; n++) {
            items.add(unit(n));
        }
        recordings = new ScriptedRecordings(ServerFixture.CAM1, items);
        fixture = new ServerFixture(RtspServerOptions.DEFAULTS, recordings);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Frame n as the cursor contract has it: pts90k is the wall time in 90 kHz ticks. */
    private static AccessUnit unit(long n) {
        return StreamItems.frame(n, PTS_BASE_90K + n * StreamItems.FRAME_90K);
    }

    @Test
    void playsFromTheRequestedTimeAcrossTheGapWithoutWaitingItOut() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            long started = System.nanoTime();
            RawRtspClient.Reply play = client.playTcp(fixture.url("/cam1"), "Range", "clock=20240501T120000Z-",
                    "Scale", "8");
            assertThat(play.status()).isEqualTo(200);
            assertThat(play.header("Range")).isEqualTo("clock=20240501T120000Z-");
            assertThat(play.header("Scale")).isEqualTo("8.0");
            long rtpTime = Long.parseLong(play.header("RTP-Info").replaceAll(".*rtptime=(\\d+).*", "$1"));

            List<Long> unitTimestamps = new ArrayList<>();
            List<long[]> senderReports = new ArrayList<>(); // {ntp, rtp}
            boolean bye = false;
            while (!bye) {
                RawRtspClient.Frame frame = client.frame(Duration.ofSeconds(5)).orElseThrow();
                ByteBuffer b = ByteBuffer.wrap(frame.data());
                if (frame.channel() == 0) {
                    long ts = b.getInt(4) & 0xffffffffL;
                    boolean marker = (b.get(1) & 0x80) != 0;
                    if (marker) {
                        unitTimestamps.add(ts);
                    }
                } else if ((b.get(1) & 0xff) == 200) {
                    senderReports.add(new long[] {b.getLong(8), b.getInt(16) & 0xffffffffL});
                } else {
                    // SDES then BYE (RFC 3550 §6.6) at the end of the recording.
                    int sdesWords = b.getShort(2) & 0xffff;
                    bye = (b.get((sdesWords + 1) * 4 + 1) & 0xff) == 203;
                }
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

            assertThat(unitTimestamps).hasSize(200);
            assertThat(unitTimestamps.get(0)).isEqualTo(rtpTime);
            // The first Sender Report pairs the first unit's RTP time with its recorded wall clock.
            assertThat(NtpTimestamp.toInstant(senderReports.get(0)[0])).isEqualTo(StreamItems.wall(0));
            assertThat(senderReports.get(0)[1]).isEqualTo(rtpTime);
            // Across the gap RTP time jumps by the gap (continuous with wall time), and a report says so at once.
            long jump = (unitTimestamps.get(100) - unitTimestamps.get(99)) & 0xffffffffL;
            assertThat(jump).isEqualTo(1401 * StreamItems.FRAME_90K);
            assertThat(senderReports).anySatisfy(sr -> {
                assertThat(NtpTimestamp.toInstant(sr[0])).isEqualTo(StreamItems.wall(1500));
                assertThat(sr[1]).isEqualTo(unitTimestamps.get(100));
            });
            // 8 s of video at 8x is about 1 s; the 56 s gap is not waited out. The bound leaves room for a busy CI
            // machine and still fails for real-time pacing (8 s) or a gap waited out (64 s).
            assertThat(elapsedMillis).isLessThan(6_000);
        }
        ServerFixture.await(() -> recordings.openCursors.get() == 0, Duration.ofSeconds(5), "cursor closed");
        assertThat(fixture.audit.withAction("recording.play")).hasSize(1);
        assertThat(fixture.audit.withAction("recording.play").get(0).detail())
                .containsEntry("range", "clock=20240501T120000Z-").containsEntry("scale", "8.0");
        assertThat(fixture.counter("nvr.rtsp.playback.sessions", "camera", "cam1", "stream", "main"))
                .isEqualTo(1.0);
    }

    @Test
    void scaleFourPlaysFourTimesFaster() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            // 4 s of recording (frames 0..99), at 4x: about 1 s.
            RawRtspClient.Reply play = client.playTcp(fixture.url("/cam1"), "Range",
                    "clock=20240501T120000Z-20240501T120004Z", "Scale", "4");
            assertThat(play.status()).isEqualTo(200);
            long first = 0;
            long last = 0;
            int units = 0;
            for (Optional<RawRtspClient.Frame> f = client.frame(Duration.ofSeconds(3)); f.isPresent();
                    f = client.frame(Duration.ofSeconds(3))) {
                if (f.get().channel() == 0 && (f.get().data()[1] & 0x80) != 0) {
                    units++;
                    first = first == 0 ? f.get().receivedNanos() : first;
                    last = f.get().receivedNanos();
                }
                if (f.get().channel() == 1 && (f.get().data()[1] & 0xff) != 200) {
                    break; // BYE at the end of the range
                }
            }
            assertThat(units).isEqualTo(100);
            long spanMillis = TimeUnit.NANOSECONDS.toMillis(last - first);
            // About 1 s; real-time pacing would take 4 s, no pacing at all a few milliseconds.
            assertThat(spanMillis).isBetween(500L, 3_000L);
        }
    }

    @Test
    void pauseThenPlayWithARangeSeeksAndReopensTheCursor() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            assertThat(client.playTcp(fixture.url("/cam1"), "Range", "clock=20240501T120000Z-").status())
                    .isEqualTo(200);
            assertThat(client.frame(Duration.ofSeconds(2))).isPresent();
            assertThat(client.request("PAUSE", fixture.url("/cam1/"), "Session", client.session()).status())
                    .isEqualTo(200);
            // Drain what was in flight before the PAUSE.
            while (client.frame(Duration.ofMillis(300)).isPresent()) {
                assertThat(true).isTrue();
            }
            RawRtspClient.Reply seek = client.request("PLAY", fixture.url("/cam1/"), "Session", client.session(),
                    "Range", "clock=20240501T120102Z-", "Require", "onvif-replay");
            assertThat(seek.status()).isEqualTo(200);
            // 12:01:02 is frame 1550, a keyframe.
            assertThat(seek.header("Range")).isEqualTo("clock=" + RangeHeader.format(StreamItems.wall(1550)) + "-");
            assertThat(recordings.opened).containsExactly(StreamItems.wall(0), StreamItems.wall(1550));
            RawRtspClient.Frame frame = client.frame(Duration.ofSeconds(2)).orElseThrow();
            while (frame.channel() != 0) {
                frame = client.frame(Duration.ofSeconds(2)).orElseThrow();
            }
            ByteBuffer b = ByteBuffer.wrap(frame.data());
            long rtpTime = Long.parseLong(seek.header("RTP-Info").replaceAll(".*rtptime=(\\d+).*", "$1"));
            assertThat(b.getInt(4) & 0xffffffffL).isEqualTo(rtpTime);
            // ONVIF replay extension (ONVIF Streaming §6.3): X bit, profile 0xABAC, 3 words, NTP of the frame,
            // C (clean point) and D (discontinuity after the seek) set, CSeq's low byte.
            assertThat(b.get(0) & 0x10).isEqualTo(0x10);
            assertThat(b.getShort(12) & 0xffff).isEqualTo(0xABAC);
            assertThat(b.getShort(14)).isEqualTo((short) 3);
            assertThat(NtpTimestamp.toInstant(b.getLong(16))).isEqualTo(StreamItems.wall(1550));
            assertThat(b.get(24) & 0xe0).isEqualTo(0x80 | 0x20);
            assertThat(b.get(25) & 0xff).isEqualTo(Integer.parseInt(seek.header("CSeq")) & 0xff);
        }
        ServerFixture.await(() -> recordings.openCursors.get() == 0, Duration.ofSeconds(5), "cursors closed");
    }

    @Test
    void eachPlayThatStartsVideoIsOneAuditRowNamingTheFootageInAbsoluteTime() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            // npt is relative to the URL's ?start= (RFC 2326 §3.6 ranges of a presentation that starts there).
            RawRtspClient.Reply first = client.playTcp(fixture.url("/cam1?start=2024-05-01T12:00:01Z"),
                    "Range", "npt=1-");
            assertThat(first.status()).isEqualTo(200);
            String url = fixture.url("/cam1?start=2024-05-01T12:00:01Z/");
            // Already playing at that scale: nothing new is read, so no second row.
            assertThat(client.request("PLAY", url, "Session", client.session()).status()).isEqualTo(200);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (System.nanoTime() < until) {
                assertThat(client.frame(Duration.ofSeconds(2))).isPresent();
            }
            assertThat(client.request("PAUSE", url, "Session", client.session()).status()).isEqualTo(200);
            while (client.frame(Duration.ofMillis(300)).isPresent()) {
                assertThat(true).isTrue();
            }
            // Resume without a Range: the row names where it goes on, not the session's start.
            assertThat(client.request("PLAY", url, "Session", client.session()).status()).isEqualTo(200);
            RawRtspClient.Reply seek = client.request("PLAY", url, "Session", client.session(),
                    "Range", "clock=20240501T120102Z-20240501T120103Z");
            assertThat(seek.status()).isEqualTo(200);
        }
        ServerFixture.await(() -> recordings.openCursors.get() == 0, Duration.ofSeconds(5), "cursors closed");
        List<org.nvr.core.audit.AuditEntry> rows = fixture.audit.withAction("recording.play");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).detail()).containsEntry("range", "npt=1-")
                .containsEntry("start", "2024-05-01T12:00:02Z").doesNotContainKey("end");
        Instant resumedAt = Instant.parse(rows.get(1).detail().get("start"));
        assertThat(resumedAt).isAfter(Instant.parse("2024-05-01T12:00:02.200Z"))
                .isBefore(Instant.parse("2024-05-01T12:00:04Z"));
        assertThat(rows.get(1).detail()).containsEntry("range", "clock=" + RangeHeader.format(resumedAt) + "-");
        assertThat(rows.get(2).detail()).containsEntry("range", "clock=20240501T120102Z-20240501T120103Z")
                .containsEntry("start", "2024-05-01T12:01:02Z").containsEntry("end", "2024-05-01T12:01:03Z");
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.user()).isEqualTo(ServerFixture.USER);
            assertThat(row.remote()).startsWith("127.0.0.1:");
            assertThat(row.detail()).containsEntry("camera", "cam1").containsEntry("stream", "main")
                    .containsEntry("scale", "1.0");
        });
    }

    @Test
    void rangeOutsideTheRecordingIsInvalid() throws Exception {
        try (RawRtspClient client = fixture.client()) {
            RawRtspClient.Reply reply = client.playTcp(fixture.url("/cam1"), "Range", "clock=20250101T000000Z-");
            assertThat(reply.status()).isEqualTo(457);
            assertThat(reply.reason()).contains("nothing recorded");
        }
    }

    @Test
    void ourClientPlaysARecordedUrl() throws Exception {
        CollectingMediaListener listener = new CollectingMediaListener();
        RtspClientSession session = new RtspClientSession(RtspClientConfig.of(
                fixture.url("/cam1/main?start=2024-05-01T12:00:01Z"), ServerFixture.USER, ServerFixture.PASSWORD,
                TransportMode.TCP), "playback test", fixture.group.next(), NvrClock.SYSTEM, listener);
        session.start();
        session.playing().get(10, TimeUnit.SECONDS);
        List<AccessUnit> units = listener.awaitUnits(10, Duration.ofSeconds(5));
        session.close();
        assertThat(listener.items().get(0)).isInstanceOf(VideoParameters.class);
        // 12:00:01 falls in the GOP of frame 0: playback starts at that keyframe, then every frame follows.
        assertThat(units.get(0).keyframe()).isTrue();
        assertThat(units.get(0).nalus()).anySatisfy(n -> assertThat(n).isEqualTo(StreamItems.IDR_SLICE_START));
        assertThat(units.get(9).pts90k() - units.get(0).pts90k()).isEqualTo(9 * StreamItems.FRAME_90K);
        assertThat(recordings.opened.get(0)).isEqualTo(Instant.parse("2024-05-01T12:00:01Z"));
    }
}
