package org.nvr.onvif.discovery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The ProbeMatches fixtures under src/test/resources/discovery/, and DOM edits of them. */
final class Fixtures {
    /** The Probe MessageID every fixture's wsa:RelatesTo carries. */
    static final UUID PROBE_ID = UUID.fromString("7c1f3a52-0d6e-4b8e-9a51-2f0c6e1d9b40");
    static final String PROBE_MESSAGE_ID = "urn:uuid:" + PROBE_ID;

    private Fixtures() {
    }

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/discovery/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with its wsa:RelatesTo text replaced (through DOM, the way a device would build it). */
    static byte[] withRelatesTo(byte[] fixture, String messageId) {
        Document doc = SafeXml.parse(fixture, 64 * 1024);
        Element envelope = doc.getDocumentElement();
        Element header = SafeXml.child(envelope, envelope.getNamespaceURI(), "Header").orElseThrow();
        Element relatesTo = SafeXml.child(header, DiscoveryNamespaces.WSA, "RelatesTo").orElseThrow();
        relatesTo.setTextContent(messageId);
        return serialize(doc);
    }

    static byte[] serialize(Document doc) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A minimal ProbeMatches (SOAP 1.2, prefixes s/a/d) with the given body content inside d:ProbeMatches. */
    static byte[] probeMatches(String relatesTo, String matches) {
        String xml = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
                + " xmlns:d=\"http://schemas.xmlsoap.org/ws/2005/04/discovery\""
                + " xmlns:dn=\"http://www.onvif.org/ver10/network/wsdl\">"
                + "<s:Header><a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo>"
                + "<a:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</a:Action></s:Header>"
                + "<s:Body><d:ProbeMatches>" + matches + "</d:ProbeMatches></s:Body></s:Envelope>";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /** One d:ProbeMatch element for {@link #probeMatches}. */
    static String match(String endpoint, String xAddrs, String scopes) {
        return "<d:ProbeMatch><a:EndpointReference><a:Address>" + endpoint + "</a:Address></a:EndpointReference>"
                + "<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>" + scopes + "</d:Scopes>"
                + "<d:XAddrs>" + xAddrs + "</d:XAddrs><d:MetadataVersion>1</d:MetadataVersion></d:ProbeMatch>";
    }
}
