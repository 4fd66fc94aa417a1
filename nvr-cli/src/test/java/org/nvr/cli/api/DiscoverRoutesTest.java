package org.nvr.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.nvr.core.admin.AdminJson;
import org.nvr.core.admin.AdminRequest;
import org.nvr.core.admin.AdminResponse;
import org.nvr.onvif.discovery.DiscoveryOptions;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/** {@code GET /api/v1/discover} unicast over {@code 127.0.0.1/32} against a device answering on a test port. */
class DiscoverRoutesTest {
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";

    private static AdminRequest request(Map<String, List<String>> query) {
        return new AdminRequest(HttpMethod.GET, DiscoverRoutes.PATH, Map.of(), query, EmptyHttpHeaders.INSTANCE,
                new byte[0], Optional.empty(), "127.0.0.1:1");
    }

    /**
     * A ProbeMatches as WS-Discovery 2005/04 §6 defines it (SOAP 1.2, one NetworkVideoTransmitter with an ONVIF
     * name scope), relating to the Probe's MessageID.
     */
    private static byte[] probeMatches(String relatesTo) {
        return ("<s:Envelope xmlns:s=\"" + SOAP12 + "\" xmlns:a=\"" + WSA + "\""
                + " xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
                + " xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
                + "<s:Header><a:MessageID>urn:uuid:0a7c0d3e-5b1f-4d2c-8e6a-3f9b1c2d4e5f</a:MessageID>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo>"
                + "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header>"
                + "<s:Body><d:ProbeMatches><d:ProbeMatch><a:EndpointReference>"
                + "<a:Address>urn:uuid:4a0e2f6c-1d3b-4c5a-9e7f-8b2d1c0a3e4f</a:Address></a:EndpointReference>"
                + "<d:Types>dn:NetworkVideoTransmitter</d:Types>"
                + "<d:Scopes>onvif://www.onvif.org/name/Gate%20Camera"
                + " onvif://www.onvif.org/hardware/DS-2CD2032</d:Scopes>"
                + "<d:XAddrs>http://127.0.0.1:8899/onvif/device_service</d:XAddrs>"
                + "<d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void unicastOverACidrFindsTheDevice() throws Exception {
        try (DatagramSocket device = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            Thread responder = new Thread(() -> {
                try {
                    byte[] buffer = new byte[65_536];
                    DatagramPacket probe = new DatagramPacket(buffer, buffer.length);
                    device.receive(probe);
                    Element envelope = SafeXml.parse(Arrays.copyOf(probe.getData(), probe.getLength()), 65_536)
                            .getDocumentElement();
                    Element header = SafeXml.child(envelope, SOAP12, "Header").orElseThrow();
                    String id = SafeXml.childText(header, WSA, "MessageID").orElseThrow();
                    byte[] answer = probeMatches(id);
                    device.send(new DatagramPacket(answer, answer.length, probe.getSocketAddress()));
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "discover-test-device");
            responder.setDaemon(true);
            responder.start();
            DiscoverRoutes routes = new DiscoverRoutes(DiscoveryOptions.defaults().withPort(device.getLocalPort()),
                    new AdminJson());
            AdminResponse response = routes.discover(request(Map.of("cidr", List.of("127.0.0.1/32"),
                    "timeoutMillis", List.of("1500"))));
            assertThat(response.status().code()).isEqualTo(200);
            JsonNode body = new ObjectMapper().readTree(((AdminResponse.Full) response).body());
            assertThat(failure.get()).as("device side").isNull();
            JsonNode first = body.path("devices").get(0);
            assertThat(first).as(body.toString()).isNotNull();
            assertThat(first.path("endpointReference").asText())
                    .isEqualTo("urn:uuid:4a0e2f6c-1d3b-4c5a-9e7f-8b2d1c0a3e4f");
            assertThat(first.path("name").asText()).isEqualTo("Gate Camera");
            assertThat(first.path("xAddrs").get(0).asText()).isEqualTo("http://127.0.0.1:8899/onvif/device_service");
            responder.join(2_000);
            assertThat(failure.get()).as("device side").isNull();
        }
    }

    @Test
    void boundsAreRefusedNamingTheParameter() {
        DiscoverRoutes routes = new DiscoverRoutes(DiscoveryOptions.defaults(), new AdminJson());
        assertThatThrownBy(() -> routes.discover(request(Map.of("timeoutMillis", List.of("60000")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'timeoutMillis':");
        assertThatThrownBy(() -> routes.discover(request(Map.of("timeoutMillis", List.of("soon")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'timeoutMillis':");
        assertThatThrownBy(() -> routes.discover(request(Map.of("cidr", List.of("10.0.0.0/33")))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'cidr':");
    }
}
