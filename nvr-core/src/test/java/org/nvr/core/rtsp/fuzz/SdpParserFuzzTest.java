package org.nvr.core.rtsp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.nvr.core.h264.SpsParser;
import org.nvr.core.model.MalformedInputException;
import org.nvr.core.rtsp.H264Fmtp;
import org.nvr.core.rtsp.MediaDescription;
import org.nvr.core.rtsp.RtpMap;
import org.nvr.core.rtsp.RtspUrls;
import org.nvr.core.rtsp.SdpLimits;
import org.nvr.core.rtsp.SessionDescription;

/**
 * {@code SdpParser} (through {@link SessionDescription#parse}) fed a DESCRIBE body of arbitrary bytes, read as the
 * client reads it (UTF-8), then what the client does with it: the H.264 {@code a=fmtp} ({@link H264Fmtp}), the
 * out-of-band SPS ({@link SpsParser}) and the {@code a=control} URLs ({@link RtspUrls#resolveControl}). Contract:
 * {@link MalformedInputException} is the only failure; a parsed SDP stays within {@link SdpLimits#DEFAULT}, its
 * payload types are 0..127 and its clock rates positive.
 *
 * <p>Seeds in {@code SdpParserFuzzTestInputs/}: the SDPs of {@code SdpFixtures} (GStreamer, VLC, Hikvision, Dahua,
 * Axis, live555, an H3C-like camera) and a GStreamer RTSP server's DESCRIBE body.
 */
class SdpParserFuzzTest {
    private static final String BASE = "rtsp://192.0.2.10:554/stream1/";

    @FuzzTest(maxDuration = "30s")
    void describeBody(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        SessionDescription sdp;
        try {
            sdp = SessionDescription.parse(text);
        } catch (MalformedInputException expected) {
            return;
        }
        assertThat(sdp.media()).hasSizeLessThanOrEqualTo(SdpLimits.DEFAULT.maxMediaSections());
        RtspUrls.resolveControl(BASE, sdp.control());
        for (MediaDescription media : sdp.media()) {
            assertThat(media.payloadTypes()).allSatisfy(pt -> assertThat(pt).isBetween(0, 127));
            for (RtpMap map : media.rtpMaps()) {
                assertThat(map.payloadType()).isBetween(0, 127);
                assertThat(map.clockRate()).isPositive();
            }
            String url = RtspUrls.resolveControl(BASE, media.control());
            assertThat(url).isNotNull();
            for (Map.Entry<Integer, String> fmtp : media.fmtp().entrySet()) {
                checkFmtp(fmtp.getValue());
            }
        }
        sdp.firstMedia("video", "H264");
    }

    private static void checkFmtp(String params) {
        H264Fmtp fmtp;
        try {
            fmtp = H264Fmtp.parse(params);
        } catch (MalformedInputException expected) {
            return;
        }
        assertThat(fmtp.packetizationMode()).isBetween(0, 2);
        if (fmtp.sps().length > 0 && fmtp.pps().length > 0) {
            try {
                SpsParser.toVideoParameters(fmtp.sps(), fmtp.pps());
            } catch (MalformedInputException expected) {
                // The session then waits for in-band parameter sets.
            }
        }
    }
}
