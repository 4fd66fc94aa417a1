package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.NETWORK_VIDEO_TRANSMITTER;
import static org.nvr.onvif.discovery.Fixtures.PROBE_MESSAGE_ID;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.discovery.ProbeMatchResult.Status;

class ProbeMatchParserTest {
    private static final String TDS_DEVICE = "{http://www.onvif.org/ver10/device/wsdl}Device";
    private static final Instant SEEN = Instant.parse("2025-03-01T10:15:30Z");
    private final ProbeMatchParser parser = new ProbeMatchParser();

    private static InetAddress ip(String literal) {
        return IpLiterals.uriHost(literal.contains(":") ? "[" + literal + "]" : literal).orElseThrow();
    }

    private ProbeMatchResult parse(byte[] datagram, String responder) {
        return parser.parse(datagram, PROBE_MESSAGE_ID, ip(responder), SEEN);
    }

    private DiscoveredDevice single(ProbeMatchResult result) {
        assertThat(result.status()).isEqualTo(Status.MATCHES);
        assertThat(result.devices()).hasSize(1);
        return result.devices().get(0);
    }

    @Test
    void hikvisionShapeFindsElementsByNamespaceAndReplacesLinkLocalXAddr() {
        DiscoveredDevice d = single(parse(Fixtures.load("hikvision-style.xml"), "192.168.1.64"));
        assertThat(d.endpointReference()).isEqualTo("urn:uuid:3fa1b2c4-5d6e-11b2-8c3d-bcbac2f1e0d9");
        // The fe80:: XAddr has no zone we could use; replaced by the responder it equals the IPv4 one and merges.
        assertThat(d.xAddrs()).containsExactly(URI.create("http://192.168.1.64/onvif/device_service"));
        assertThat(d.types()).containsExactly(NETWORK_VIDEO_TRANSMITTER, TDS_DEVICE);
        assertThat(d.isNetworkVideoTransmitter()).isTrue();
        assertThat(d.scopes()).hasSize(8).contains("onvif://www.onvif.org/MAC/bc:ba:c2:f1:e0:d9");
        assertThat(d.name()).hasValue("HIKVISION DS-2CD2143G2-I");
        assertThat(d.hardware()).hasValue("DS-2CD2143G2-I");
        assertThat(d.location()).hasValue("city/hangzhou");
        assertThat(d.responder()).isEqualTo(ip("192.168.1.64"));
        assertThat(d.seen()).isEqualTo(SEEN);
    }

    @Test
    void hikvisionLinkLocalXAddrGetsTheIpv6ResponderWithItsZone() throws Exception {
        InetAddress responder = Inet6Address.getByAddress("fe80::beba:c2ff:fef1:e0d9",
                ip("fe80::beba:c2ff:fef1:e0d9").getAddress(), 2);
        ProbeMatchResult result = parser.parse(Fixtures.load("hikvision-style.xml"), PROBE_MESSAGE_ID, responder,
                SEEN);
        assertThat(single(result).xAddrs()).containsExactly(URI.create("http://192.168.1.64/onvif/device_service"),
                URI.create("http://[fe80:0:0:0:beba:c2ff:fef1:e0d9%2]/onvif/device_service"));
    }

    @Test
    void axisShapeWithDefaultNamespaceAndTypesPrefixesDeclaredOnTheElement() {
        DiscoveredDevice d = single(parse(Fixtures.load("axis-style.xml"), "192.168.0.90"));
        assertThat(d.endpointReference()).isEqualTo("urn:uuid:a4c8e2f0-1b3d-4e5f-8a7b-00408c1d2e3f");
        assertThat(d.xAddrs()).containsExactly(URI.create("http://192.168.0.90:80/onvif/device_service"),
                URI.create("http://[2001:db8:0:1::5a]:80/onvif/device_service"));
        assertThat(d.types()).containsExactly(NETWORK_VIDEO_TRANSMITTER, TDS_DEVICE);
        assertThat(d.scopes()).hasSize(6).first().isEqualTo("onvif://www.onvif.org/type/video_encoder");
        assertThat(d.name()).hasValue("AXIS P3245-LVE");
        assertThat(d.hardware()).hasValue("P3245-LVE");
        assertThat(d.location()).hasValue("Gate 3");
    }

    @Test
    void oemShapeAnnouncingZeroAddressGetsTheResponderKeepingPortAndPath() {
        DiscoveredDevice d = single(parse(Fixtures.load("oem-zero-address.xml"), "192.168.1.10"));
        assertThat(d.xAddrs()).containsExactly(URI.create("http://192.168.1.10:8899/onvif/device_service"));
        // Unprefixed QName in d:Types resolves against the default namespace (the ONVIF network one here).
        assertThat(d.types()).containsExactly(NETWORK_VIDEO_TRANSMITTER);
        assertThat(d.name()).hasValue("Einfahrt S\u00fcd");
        assertThat(d.hardware()).hasValue("IPC-HX2");
        assertThat(d.location()).hasValue("country/germany");
    }

    @Test
    void recorderShapeWithSeveralMatchesSkipsTheOneWithoutEndpointReference() {
        ProbeMatchResult result = parse(Fixtures.load("nvr-two-matches.xml"), "10.20.0.2");
        assertThat(result.status()).isEqualTo(Status.MATCHES);
        assertThat(result.skippedMatches()).isEqualTo(1);
        assertThat(result.devices()).extracting(DiscoveredDevice::endpointReference).containsExactly(
                "urn:uuid:11e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6", "urn:uuid:22e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f7");
        DiscoveredDevice nvr = result.devices().get(0);
        assertThat(nvr.name()).hasValue("NVR+Yard");
        assertThat(nvr.types()).containsExactly(TDS_DEVICE, NETWORK_VIDEO_TRANSMITTER);
        assertThat(result.devices().get(1).name()).hasValue("Channel 1");
        assertThat(result.devices().get(1).xAddrs())
                .containsExactly(URI.create("http://10.20.0.2:10080/onvif/device_service"));
    }

    @Test
    void matchesForAnotherProbeAreUnrelated() {
        byte[] other = Fixtures.withRelatesTo(Fixtures.load("axis-style.xml"),
                "urn:uuid:00000000-0000-4000-8000-000000000000");
        assertThat(parse(other, "192.168.0.90").status()).isEqualTo(Status.UNRELATED);
        // A prefix match is no match: RelatesTo must equal the MessageID exactly.
        byte[] truncated = Fixtures.withRelatesTo(Fixtures.load("axis-style.xml"), PROBE_MESSAGE_ID.substring(4));
        assertThat(parse(truncated, "192.168.0.90").status()).isEqualTo(Status.UNRELATED);
        // Our own Probe, looped back, carries no RelatesTo.
        assertThat(parse(ProbeMessage.create(Fixtures.PROBE_ID).bytes(), "127.0.0.1").status())
                .isEqualTo(Status.UNRELATED);
    }

    @Test
    void relatedMessageThatIsNotProbeMatchesIsUnrelated() {
        byte[] resolveMatches = Fixtures.probeMatches(PROBE_MESSAGE_ID, "").clone();
        String xml = new String(resolveMatches, StandardCharsets.UTF_8).replace("d:ProbeMatches", "d:ResolveMatches");
        ProbeMatchResult result = parse(xml.getBytes(StandardCharsets.UTF_8), "10.0.0.1");
        assertThat(result.status()).isEqualTo(Status.UNRELATED);
        assertThat(result.reason()).contains("not ProbeMatches");
    }

    @Test
    void soap11EnvelopeFromOldFirmwareIsAccepted() {
        String xml = new String(Fixtures.load("axis-style.xml"), StandardCharsets.UTF_8)
                .replace("http://www.w3.org/2003/05/soap-envelope", "http://schemas.xmlsoap.org/soap/envelope/");
        assertThat(single(parse(xml.getBytes(StandardCharsets.UTF_8), "192.168.0.90")).name())
                .hasValue("AXIS P3245-LVE");
    }

    @Test
    void malformedDatagramsAreClassifiedNotThrown() {
        List<String> bad = List.of(
                "",
                "\u0000\u0001\u0002 binary noise",
                "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header>",
                "<Envelope><Header/><Body/></Envelope>",
                "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body/></s:Envelope>",
                "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Header/></s:Envelope>");
        for (String text : bad) {
            ProbeMatchResult result = parse(text.getBytes(StandardCharsets.UTF_8), "10.0.0.1");
            assertThat(result.status()).as(text).isEqualTo(Status.MALFORMED);
            assertThat(result.devices()).isEmpty();
        }
    }

    @Test
    void doctypeIsRefusedEvenWithAValidMatchInside() {
        String xml = new String(Fixtures.probeMatches(PROBE_MESSAGE_ID,
                Fixtures.match("urn:uuid:1", "http://10.0.0.9/onvif/device_service", "&x;")),
                StandardCharsets.UTF_8);
        byte[] withDtd = ("<!DOCTYPE s:Envelope [<!ENTITY x \"onvif://www.onvif.org/name/evil\">]>" + xml)
                .getBytes(StandardCharsets.UTF_8);
        ProbeMatchResult result = parse(withDtd, "10.0.0.9");
        assertThat(result.status()).isEqualTo(Status.MALFORMED);
        assertThat(result.reason()).contains("DOCTYPE");
    }

    @Test
    void datagramOverTheSizeBoundIsRefusedBeforeParsing() {
        ProbeMatchParser small = new ProbeMatchParser(1024, 64, 32, 64);
        byte[] axis = Fixtures.load("axis-style.xml");
        assertThat(axis.length).isGreaterThan(1024);
        ProbeMatchResult result = small.parse(axis, PROBE_MESSAGE_ID, ip("192.168.0.90"), SEEN);
        assertThat(result.status()).isEqualTo(Status.MALFORMED);
        assertThat(result.reason()).contains("exceeds the limit of 1024");
        byte[] huge = Fixtures.probeMatches(PROBE_MESSAGE_ID, Fixtures.match("urn:uuid:1",
                "http://10.0.0.9/onvif/device_service", "x".repeat(70_000)));
        assertThat(parse(huge, "10.0.0.9").status()).isEqualTo(Status.MALFORMED);
    }

    @Test
    void matchesPerDatagramAreBounded() {
        StringBuilder matches = new StringBuilder();
        for (int i = 0; i < 70; i++) {
            matches.append(Fixtures.match("urn:uuid:m" + i, "http://10.0.1.1/onvif/device_service", ""));
        }
        ProbeMatchResult result = parse(Fixtures.probeMatches(PROBE_MESSAGE_ID, matches.toString()), "10.0.1.1");
        assertThat(result.status()).isEqualTo(Status.MATCHES);
        assertThat(result.devices()).hasSize(ProbeMatchParser.DEFAULT_MAX_MATCHES);
        assertThat(result.devices().get(63).endpointReference()).isEqualTo("urn:uuid:m63");
        assertThat(result.skippedMatches()).isEqualTo(70 - ProbeMatchParser.DEFAULT_MAX_MATCHES);
    }

    @Test
    void xAddrsAndScopesPerMatchAreBounded() {
        StringBuilder xAddrs = new StringBuilder();
        StringBuilder scopes = new StringBuilder();
        for (int i = 1; i <= 40; i++) {
            xAddrs.append("http://10.0.1.").append(i).append("/onvif/device_service ");
        }
        for (int i = 0; i < 100; i++) {
            scopes.append("onvif://www.onvif.org/extra/").append(i).append(' ');
        }
        DiscoveredDevice d = single(parse(Fixtures.probeMatches(PROBE_MESSAGE_ID,
                Fixtures.match("urn:uuid:b", xAddrs.toString(), scopes.toString())), "10.0.1.1"));
        assertThat(d.xAddrs()).hasSize(ProbeMatchParser.DEFAULT_MAX_XADDRS)
                .startsWith(URI.create("http://10.0.1.1/onvif/device_service"))
                .endsWith(URI.create("http://10.0.1.32/onvif/device_service"));
        assertThat(d.scopes()).hasSize(ProbeMatchParser.DEFAULT_MAX_SCOPES)
                .endsWith("onvif://www.onvif.org/extra/63");
    }

    @Test
    void unusableXAddrsAreDroppedAndHostNamesKept() {
        String xAddrs = "ftp://10.0.0.7/onvif/device_service not-a-url http://user:secret@10.0.0.7/onvif/x "
                + "http://[zz::1/onvif http://cam-7.site.example/onvif/device_service https://10.0.0.7:443/onvif/ds";
        DiscoveredDevice d = single(parse(Fixtures.probeMatches(PROBE_MESSAGE_ID,
                Fixtures.match("urn:uuid:7", xAddrs, "")), "10.0.0.7"));
        assertThat(d.xAddrs()).containsExactly(URI.create("http://cam-7.site.example/onvif/device_service"),
                URI.create("https://10.0.0.7:443/onvif/ds"));
        assertThat(d.scopes()).isEmpty();
        assertThat(d.name()).isEmpty();
    }

    @Test
    void linkLocalXAddrWithTheDevicesZoneGetsTheResponder() {
        // RFC 6874 writes the zone as %25<zone>; some firmwares send a bare %<zone>. Either names their interface.
        byte[] datagram = Fixtures.probeMatches(PROBE_MESSAGE_ID, Fixtures.match("urn:uuid:9",
                "http://[fe80::9%25eth0]:80/onvif/device_service http://[fe80::9%eth1]/onvif/ds", ""));
        assertThat(single(parse(datagram, "10.0.0.9")).xAddrs()).containsExactly(
                URI.create("http://10.0.0.9:80/onvif/device_service"), URI.create("http://10.0.0.9/onvif/ds"));
    }

    @Test
    void loopbackXAddrIsFixedOnlyForARemoteResponder() {
        byte[] datagram = Fixtures.probeMatches(PROBE_MESSAGE_ID,
                Fixtures.match("urn:uuid:8", "http://127.0.0.1:8000/onvif/device_service?x=1", ""));
        assertThat(single(parse(datagram, "10.0.0.8")).xAddrs())
                .containsExactly(URI.create("http://10.0.0.8:8000/onvif/device_service?x=1"));
        assertThat(single(parse(datagram, "127.0.0.1")).xAddrs())
                .containsExactly(URI.create("http://127.0.0.1:8000/onvif/device_service?x=1"));
    }

    @Test
    void emptyOrOverlongEndpointReferenceSkipsTheMatch() {
        byte[] datagram = Fixtures.probeMatches(PROBE_MESSAGE_ID,
                Fixtures.match("  ", "http://10.0.0.9/onvif/device_service", "")
                        + Fixtures.match("urn:" + "x".repeat(3000), "http://10.0.0.9/onvif/device_service", ""));
        ProbeMatchResult result = parse(datagram, "10.0.0.9");
        assertThat(result.status()).isEqualTo(Status.MATCHES);
        assertThat(result.devices()).isEmpty();
        assertThat(result.skippedMatches()).isEqualTo(2);
    }
}
