package org.nvr.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.nvr.core.rtp.RtcpParser;
import org.nvr.core.rtp.SenderReport;
import org.nvr.core.rtsp.H264Fmtp;
import org.nvr.core.rtsp.MediaDescription;
import org.nvr.core.rtsp.RtspTransport;
import org.nvr.core.rtsp.SessionDescription;

/** The simulator on the wire, read byte by byte by a plain blocking client (RFC 2326, RFC 3550, RFC 6184). */
class SimCameraServerTest {

    private static final Pattern RTP_INFO = Pattern.compile("url=(\\S+);seq=(\\d+);rtptime=(\\d+)");

    @Test
    void describeOffersOneH264TrackWithItsParameterSets() throws Exception {
        try (SimServerFixture sim = new SimServerFixture(SimOptions.defaults());
             RawRtspClient client = new RawRtspClient(sim.port())) {
            RawRtspClient.Response options = client.request("OPTIONS", sim.url("cam1"));
            assertThat(options.status()).isEqualTo(200);
            assertThat(options.header("Public").split(", ")).contains("OPTIONS", "DESCRIBE", "SETUP", "PLAY",
                    "PAUSE", "GET_PARAMETER", "SET_PARAMETER", "TEARDOWN");
            RawRtspClient.Response describe = client.request("DESCRIBE", sim.url("cam17"),
                    "Accept: application/sdp");
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.header("Content-Type")).isEqualTo("application/sdp");
            assertThat(describe.header("Content-Base")).isEqualTo(sim.url("cam17") + "/");
            SessionDescription sdp = SessionDescription.parse(describe.body());
            assertThat(sdp.control()).isEqualTo("*");
            MediaDescription video = sdp.firstMedia("video", "H264").orElseThrow();
            assertThat(video.control()).isEqualTo("trackID=0");
            assertThat(video.rtpMap(96).orElseThrow().clockRate()).isEqualTo(90_000);
            H264Fmtp fmtp = H264Fmtp.parse(video.fmtpOf(96));
            assertThat(fmtp.packetizationMode()).isEqualTo(1);
            assertThat(fmtp.sps()).isEqualTo(sim.source.sps());
            assertThat(fmtp.pps()).isEqualTo(sim.source.pps());
            assertThat(fmtp.profileLevelId()).isEqualToIgnoringCase(sim.source.profileLevelId());
            assertThat(describe.body()).contains("sprop-parameter-sets="
                    + Base64.getEncoder().encodeToString(sim.source.sps()));
            assertThat(client.request("DESCRIBE", "rtsp://127.0.0.1:" + sim.port() + "/a/b/c").status())
                    .isEqualTo(404);
        }
    }

    @Test
    void aTcpSessionSendsTheClipInALoopWithContiguousPacketsAndConsistentSenderReports() throws Exception {
        SimOptions options = SimOptions.defaults().withRtcpInterval(Duration.ofMillis(500));
        try (SimServerFixture sim = new SimServerFixture(options);
             RawRtspClient client = new RawRtspClient(sim.port())) {
            assertThat(client.request("DESCRIBE", sim.url("cam1")).status()).isEqualTo(200);
            RawRtspClient.Response setup = client.request("SETUP", sim.url("cam1") + "/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            RtspTransport transport = RtspTransport.parse(setup.header("Transport"));
            assertThat(transport.interleaved()).contains(new RtspTransport.PortPair(0, 1));
            long ssrc = transport.ssrc().orElseThrow();
            String session = setup.header("Session").split(";")[0];
            assertThat(setup.header("Session")).endsWith(";timeout=60");
            RawRtspClient.Response play = client.request("PLAY", sim.url("cam1"), "Session: " + session,
                    "Range: npt=0.000-");
            assertThat(play.status()).isEqualTo(200);
            Matcher info = RTP_INFO.matcher(play.header("RTP-Info"));
            assertThat(info.matches()).isTrue();
            assertThat(info.group(1)).isEqualTo(sim.url("cam1") + "/trackID=0");
            int expectedSequence = Integer.parseInt(info.group(2));
            long firstTimestamp = Long.parseLong(info.group(3));

            // 40 pictures: the 1 s clip loops after 25. Packet by packet: sequence numbers without a gap, the
            // SSRC from SETUP, the clip's payloads byte for byte, 3600 ticks from picture to picture.
            int pictures = 0;
            int packetInClip = 0;
            long packetsBefore = 0;
            long octetsBefore = 0;
            long lastTimestamp = firstTimestamp;
            List<long[]> reports = new ArrayList<>(); // {ntp wall nanos, rtp timestamp, arrival wall nanos}
            while (pictures < 40) {
                RawRtspClient.Frame frame = client.readFrame();
                if (frame.channel() == 1) {
                    SenderReport sr = senderReport(frame.data());
                    assertThat(sr.ssrc()).isEqualTo(ssrc);
                    // RFC 3550 §6.4.1: the counts of what was sent before it; the RTP time of the picture it follows.
                    assertThat(sr.packetCount()).isEqualTo(packetsBefore);
                    assertThat(sr.octetCount()).isEqualTo(octetsBefore);
                    assertThat(sr.rtpTimestamp()).isEqualTo(lastTimestamp);
                    reports.add(new long[] {nanos(sr.ntpInstant()), sr.rtpTimestamp(), nanos(Instant.now())});
                    continue;
                }
                assertThat(frame.channel()).isZero();
                byte[] rtp = frame.data();
                assertThat(rtp[0] & 0xff).isEqualTo(0x80);
                assertThat(rtp[1] & 0x7f).isEqualTo(96);
                assertThat(unsigned16(rtp, 2)).isEqualTo(expectedSequence);
                long timestamp = unsigned32(rtp, 4);
                assertThat(timestamp).isEqualTo((firstTimestamp + pictures * 3600L) & 0xffffffffL);
                assertThat(unsigned32(rtp, 8)).isEqualTo(ssrc);
                boolean marker = (rtp[1] & 0x80) != 0;
                assertThat(marker).isEqualTo(sim.clip.marker(packetInClip));
                byte[] expected = new byte[sim.clip.payloadLength(packetInClip)];
                sim.clip.payloads().getBytes(sim.clip.payloadOffset(packetInClip), expected);
                byte[] payload = new byte[rtp.length - 12];
                System.arraycopy(rtp, 12, payload, 0, payload.length);
                assertThat(payload).as("packet %d of the clip", packetInClip).isEqualTo(expected);
                expectedSequence = (expectedSequence + 1) & 0xffff;
                packetInClip = (packetInClip + 1) % sim.clip.packetCount();
                packetsBefore++;
                octetsBefore += payload.length;
                lastTimestamp = timestamp;
                if (marker) {
                    pictures++;
                }
            }
            // A report with the first picture, then every 0.5 s: 40 pictures take 1.56 s.
            assertThat(reports).hasSizeGreaterThanOrEqualTo(3);
            for (int i = 1; i < reports.size(); i++) {
                // Both reports name their picture's due time: the NTP times differ exactly as the RTP times do
                // (1 ms for the wall and monotonic clocks read a few microseconds apart).
                long ntpNanos = reports.get(i)[0] - reports.get(0)[0];
                long rtpNanos = ((reports.get(i)[1] - reports.get(0)[1]) & 0xffffffffL) * 1_000_000_000L / 90_000;
                assertThat(Math.abs(ntpNanos - rtpNanos)).isLessThan(1_000_000L);
            }
            for (long[] report : reports) {
                // Same machine, same clock: a report arrives a little after the time it names, never seconds off.
                assertThat(Math.abs(report[2] - report[0])).isLessThan(Duration.ofSeconds(1).toNanos());
            }
            assertThat(client.request("TEARDOWN", sim.url("cam1"), "Session: " + session).status()).isEqualTo(200);
        }
    }

    @Test
    void requestsNameTheirSessionOrGet454AndBadSetupsAreRefused() throws Exception {
        try (SimServerFixture sim = new SimServerFixture(SimOptions.defaults());
             RawRtspClient client = new RawRtspClient(sim.port())) {
            String url = sim.url("cam2");
            assertThat(client.request("SETUP", url + "/trackID=0").status()).isEqualTo(400); // no Transport
            assertThat(client.request("SETUP", url + "/trackID=0",
                    "Transport: RTP/AVP;multicast;destination=239.1.1.1").status()).isEqualTo(461);
            assertThat(client.request("SETUP", url + "/trackID=7",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1").status()).isEqualTo(404);
            RawRtspClient.Response setup = client.request("SETUP", url + "/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            assertThat(setup.status()).isEqualTo(200);
            String session = setup.header("Session").split(";")[0];
            assertThat(client.request("SETUP", url + "/trackID=0", "Session: " + session,
                    "Transport: RTP/AVP/TCP;unicast;interleaved=2-3").status()).isEqualTo(459);
            assertThat(client.request("SETUP", url + "/trackID=0", "Session: nosuchsession",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=2-3").status()).isEqualTo(454);
            for (String method : new String[] {"PLAY", "PAUSE", "GET_PARAMETER", "SET_PARAMETER", "TEARDOWN"}) {
                assertThat(client.request(method, url, "Session: nosuchsession").status()).as(method).isEqualTo(454);
            }
            RawRtspClient.Response keepAlive = client.request("GET_PARAMETER", url, "Session: " + session);
            assertThat(keepAlive.status()).isEqualTo(200);
            assertThat(keepAlive.header("Session")).isEqualTo(session);
            assertThat(client.request("SET_PARAMETER", url, "Session: " + session).status()).isEqualTo(200);
            assertThat(client.request("GET_PARAMETER", url).status()).isEqualTo(200);
            assertThat(client.request("RECORD", url, "Session: " + session).status()).isEqualTo(405);
            assertThat(client.request("TEARDOWN", url, "Session: " + session).status()).isEqualTo(200);
            assertThat(client.request("GET_PARAMETER", url, "Session: " + session).status()).isEqualTo(454);
        }
    }

    @Test
    void malformedRequestsGet400AndTheConnectionStaysUsable() throws Exception {
        try (SimServerFixture sim = new SimServerFixture(SimOptions.defaults());
             RawRtspClient client = new RawRtspClient(sim.port())) {
            String url = sim.url("cam3");
            String[] malformed = {
                "OPTIONS " + url + " RTSP/1.0\r\n\r\n",                              // no CSeq (§12.17)
                "OPTIONS " + url + " RTSP/1.0\r\nCSeq: abc\r\n\r\n",                 // CSeq not a number
                "OPTIONS " + url + " RTSP/1.0\r\nCSeq: 2\r\nNoColonHere\r\n\r\n",    // header line without ':'
                "OPTIONS " + url + " RTSP/1.0\r\nCSeq : 3\r\n\r\n",                  // space before the colon
                "OPTIONS " + url + " RTSP/1.0\r\nCSeq: 4\r\nBad\u0001Name: x\r\n\r\n", // control char in a name
            };
            for (String request : malformed) {
                assertThat(client.sendRaw(request).status()).as(request).isEqualTo(400);
            }
            RawRtspClient.Response describe = client.request("DESCRIBE", url);
            assertThat(describe.status()).isEqualTo(200);
            assertThat(describe.body()).contains("m=video 0 RTP/AVP 96");
        }
    }

    @Test
    void pauseStopsTheStreamAndPlayResumesAtAKeyframeWithContiguousSequenceNumbers() throws Exception {
        try (SimServerFixture sim = new SimServerFixture(SimOptions.defaults());
             RawRtspClient client = new RawRtspClient(sim.port())) {
            String url = sim.url("cam4");
            RawRtspClient.Response setup = client.request("SETUP", url + "/trackID=0",
                    "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
            String session = setup.header("Session").split(";")[0];
            Matcher first = RTP_INFO.matcher(client.request("PLAY", url, "Session: " + session)
                    .header("RTP-Info"));
            assertThat(first.matches()).isTrue();
            long startTimestamp = Long.parseLong(first.group(3));
            int lastSequence = -1;
            for (int pictures = 0; pictures < 5; ) {
                RawRtspClient.Frame frame = client.readFrame();
                if (frame.channel() == 0) {
                    lastSequence = unsigned16(frame.data(), 2);
                    pictures += (frame.data()[1] & 0x80) != 0 ? 1 : 0;
                }
            }
            assertThat(client.request("PAUSE", url, "Session: " + session).status()).isEqualTo(200);
            for (RawRtspClient.Frame frame : client.drainEarly()) {
                if (frame.channel() == 0) {
                    lastSequence = unsigned16(frame.data(), 2); // sent before the PAUSE was read
                }
            }
            assertThat(sim.server.stats().playingSessions()).isZero();
            RawRtspClient.Response play = client.request("PLAY", url, "Session: " + session);
            Matcher resumed = RTP_INFO.matcher(play.header("RTP-Info"));
            assertThat(resumed.matches()).isTrue();
            assertThat(Integer.parseInt(resumed.group(2))).isEqualTo((lastSequence + 1) & 0xffff);
            long resumedTimestamp = Long.parseLong(resumed.group(3));
            // The clip's only keyframe is its first picture: the stream resumes at a multiple of 25 pictures.
            long ticks = (resumedTimestamp - startTimestamp) & 0xffffffffL;
            assertThat(ticks % (SimTestClips.PICTURES * 3600L)).isZero();
            assertThat(ticks).isPositive();
            RawRtspClient.Frame next = client.readFrame();
            while (next.channel() != 0) {
                next = client.readFrame();
            }
            // Nothing was sent while paused: the first packet after the PLAY is the one RTP-Info names.
            assertThat(unsigned16(next.data(), 2)).isEqualTo((lastSequence + 1) & 0xffff);
            assertThat(unsigned32(next.data(), 4)).isEqualTo(resumedTimestamp);
        }
    }

    private static SenderReport senderReport(byte[] rtcp) {
        ByteBuf buf = Unpooled.wrappedBuffer(rtcp);
        try {
            Optional<SenderReport> report = RtcpParser.findSenderReport(buf);
            assertThat(report).as("an RTCP compound with a Sender Report").isPresent();
            return report.get();
        } finally {
            buf.release();
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static int unsigned16(byte[] data, int at) {
        return (data[at] & 0xff) << 8 | data[at + 1] & 0xff;
    }

    private static long unsigned32(byte[] data, int at) {
        return ((long) unsigned16(data, at) << 16) | unsigned16(data, at + 2);
    }
}
