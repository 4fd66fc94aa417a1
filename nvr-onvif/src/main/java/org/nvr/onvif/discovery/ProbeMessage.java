package org.nvr.onvif.discovery;

import static org.nvr.onvif.discovery.DiscoveryNamespaces.DISCOVERY_TO;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.ONVIF_NETWORK;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.PROBE_ACTION;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.SOAP12;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSA;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSD;

import java.util.Objects;
import java.util.UUID;
import javax.xml.XMLConstants;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * One WS-Discovery Probe for ONVIF video devices (ONVIF Core §7.3, WS-Discovery 2005/04 §5.2): a SOAP 1.2
 * envelope whose body asks for {@code dn:NetworkVideoTransmitter}, with its own {@code wsa:MessageID} so that the
 * ProbeMatches answering it can be told apart by their {@code wsa:RelatesTo}. Built with DOM, never by string
 * concatenation.
 */
public final class ProbeMessage {
    private final String messageId;
    private final byte[] bytes;

    private ProbeMessage(String messageId, byte[] bytes) {
        this.messageId = messageId;
        this.bytes = bytes;
    }

    /** A Probe with a fresh random {@code urn:uuid:} MessageID. */
    public static ProbeMessage create() {
        return create(UUID.randomUUID());
    }

    /** A Probe with MessageID {@code urn:uuid:<id>}. */
    public static ProbeMessage create(UUID id) {
        Objects.requireNonNull(id, "id");
        String messageId = "urn:uuid:" + id;
        return new ProbeMessage(messageId, SafeXml.serialize(build(messageId), "a Probe"));
    }

    /** The {@code urn:uuid:...} a ProbeMatch must carry in {@code wsa:RelatesTo}. */
    public String messageId() {
        return messageId;
    }

    /** The UTF-8 datagram payload (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    private static Document build(String messageId) {
        Document doc = SafeXml.newDocument();
        Element envelope = doc.createElementNS(SOAP12, "s:Envelope");
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:s", SOAP12);
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:a", WSA);
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:d", WSD);
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:dn", ONVIF_NETWORK);
        doc.appendChild(envelope);

        Element header = append(doc, envelope, SOAP12, "s:Header");
        // WS-Discovery 2005/04 §5.2: Action, MessageID and To are required; To is the fixed discovery URN.
        text(append(doc, header, WSA, "a:Action"), PROBE_ACTION);
        text(append(doc, header, WSA, "a:MessageID"), messageId);
        text(append(doc, header, WSA, "a:To"), DISCOVERY_TO);

        Element body = append(doc, envelope, SOAP12, "s:Body");
        Element probe = append(doc, body, WSD, "d:Probe");
        // ONVIF Core §7.3: clients probe for NetworkVideoTransmitter in the ONVIF network namespace; the dn prefix
        // is declared on the envelope above, so the QName in this text content resolves.
        text(append(doc, probe, WSD, "d:Types"), "dn:NetworkVideoTransmitter");
        return doc;
    }

    private static Element append(Document doc, Element parent, String ns, String qname) {
        Element e = doc.createElementNS(ns, qname);
        parent.appendChild(e);
        return e;
    }

    private static void text(Element e, String value) {
        e.appendChild(e.getOwnerDocument().createTextNode(value));
    }
}
