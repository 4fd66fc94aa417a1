package org.nvr.onvif.discovery.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.time.Instant;
import org.nvr.onvif.discovery.DiscoveredDevice;
import org.nvr.onvif.discovery.ProbeMatchParser;
import org.nvr.onvif.discovery.ProbeMatchResult;

/**
 * {@link ProbeMatchParser#parse} on an arbitrary UDP datagram (anyone on the LAN can send one to the NVR's
 * discovery socket). Contract: it never throws, it classifies: MALFORMED, UNRELATED or MATCHES; a result stays
 * within the parser's bounds (devices, XAddrs, scopes and types per device), only MATCHES carries devices, and
 * every device names the responder it came from.
 *
 * <p>Seeds in {@code ProbeMatchFuzzTestInputs/}: ProbeMatches shaped like Axis's, Hikvision's, an OEM camera's
 * (XAddr host 0.0.0.0) and the NVR's own two-match answer (the module's {@code discovery/} fixtures), all
 * relating to the Probe id used here.
 */
class ProbeMatchFuzzTest {
    private static final String PROBE_MESSAGE_ID = "urn:uuid:7c1f3a52-0d6e-4b8e-9a51-2f0c6e1d9b40";
    private static final InetAddress RESPONDER = InetAddress.getLoopbackAddress();
    private static final Instant SEEN = Instant.parse("2025-01-01T00:00:00Z");

    private final ProbeMatchParser parser = new ProbeMatchParser();

    @FuzzTest(maxDuration = "30s")
    void datagram(byte[] input) {
        ProbeMatchResult result = parser.parse(input, PROBE_MESSAGE_ID, RESPONDER, SEEN);
        assertThat(result.status()).isNotNull();
        if (result.status() != ProbeMatchResult.Status.MATCHES) {
            assertThat(result.devices()).isEmpty();
            return;
        }
        assertThat(result.devices()).hasSizeLessThanOrEqualTo(ProbeMatchParser.DEFAULT_MAX_MATCHES);
        for (DiscoveredDevice device : result.devices()) {
            assertThat(device.endpointReference()).isNotEmpty();
            assertThat(device.responder()).isEqualTo(RESPONDER);
            assertThat(device.xAddrs()).hasSizeLessThanOrEqualTo(parser.maxXAddrs());
            assertThat(device.scopes()).hasSizeLessThanOrEqualTo(ProbeMatchParser.DEFAULT_MAX_SCOPES);
            assertThat(device.types()).hasSizeLessThanOrEqualTo(ProbeMatchParser.DEFAULT_MAX_SCOPES);
        }
    }
}
