package org.nvr.onvif.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.SOAP12;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSA;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSD;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ProbeMessageTest {
    @Test
    void probeIsASoap12EnvelopeAskingForNetworkVideoTransmitters() {
        UUID id = UUID.fromString("0a6dc791-2be6-4991-9af1-454778a1917a");
        ProbeMessage probe = ProbeMessage.create(id);
        assertThat(probe.messageId()).isEqualTo("urn:uuid:0a6dc791-2be6-4991-9af1-454778a1917a");

        Document doc = SafeXml.parse(probe.bytes(), 4096);
        Element envelope = doc.getDocumentElement();
        assertThat(envelope.getNamespaceURI()).isEqualTo(SOAP12);
        assertThat(envelope.getLocalName()).isEqualTo("Envelope");
        Element header = SafeXml.child(envelope, SOAP12, "Header").orElseThrow();
        // WS-Discovery 2005/04 §5.2: Action, MessageID and To of a Probe.
        assertThat(SafeXml.childText(header, WSA, "Action"))
                .hasValue("http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe");
        assertThat(SafeXml.childText(header, WSA, "MessageID")).hasValue(probe.messageId());
        assertThat(SafeXml.childText(header, WSA, "To")).hasValue("urn:schemas-xmlsoap-org:ws:2005:04:discovery");

        Element body = SafeXml.child(envelope, SOAP12, "Body").orElseThrow();
        Element probeElement = SafeXml.child(body, WSD, "Probe").orElseThrow();
        Element types = SafeXml.child(probeElement, WSD, "Types").orElseThrow();
        String qname = types.getTextContent().strip();
        assertThat(qname).isEqualTo("dn:NetworkVideoTransmitter");
        // The prefix in the text content must resolve where it is used, or devices cannot match the type.
        assertThat(types.lookupNamespaceURI("dn")).isEqualTo("http://www.onvif.org/ver10/network/wsdl");
    }

    @Test
    void everyProbeHasAFreshUrnUuidMessageId() {
        ProbeMessage a = ProbeMessage.create();
        ProbeMessage b = ProbeMessage.create();
        assertThat(a.messageId()).startsWith("urn:uuid:").isNotEqualTo(b.messageId());
        assertThat(UUID.fromString(a.messageId().substring("urn:uuid:".length())).version()).isEqualTo(4);
    }

    @Test
    void bytesAreACopy() {
        ProbeMessage probe = ProbeMessage.create();
        byte[] first = probe.bytes();
        first[0] = 'X';
        assertThat(probe.bytes()[0]).isEqualTo((byte) '<');
    }
}
