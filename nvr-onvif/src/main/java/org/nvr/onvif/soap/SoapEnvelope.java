package org.nvr.onvif.soap;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.nvr.onvif.xml.OnvifXmlException;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Writes SOAP 1.2 request envelopes with DOM and reads response envelopes through {@link SafeXml}. */
final class SoapEnvelope {
    private static final String XMLNS = XMLConstants.XMLNS_ATTRIBUTE_NS_URI;
    /** DOM user-data key (and value) marking a request element whose prefixed declarations must be kept. */
    static final String KEEP_DECLARATIONS = "org.nvr.onvif.soap.keepNamespaceDeclarations";

    private SoapEnvelope() {
    }

    /** Serializes an envelope holding {@code body} and, when {@code token} is present, a wsse:Security header. */
    static byte[] request(Optional<UsernameToken> token, Element body) {
        return request(token, List.of(), body);
    }

    /**
     * As {@link #request(Optional, Element)} with extra header blocks (e.g. WS-Addressing {@code wsa:To}) after
     * the security header; with no token and no extra blocks there is no Header at all, as before.
     */
    static byte[] request(Optional<UsernameToken> token, List<Element> extraHeaders, Element body) {
        Document doc = SafeXml.newDocument();
        Map<String, String> prefixes = new LinkedHashMap<>();
        Element env = element(doc, prefixes, Namespaces.SOAP12, "Envelope");
        doc.appendChild(env);
        if (token.isPresent() || !extraHeaders.isEmpty()) {
            Element header = element(doc, prefixes, Namespaces.SOAP12, "Header");
            token.ifPresent(t -> header.appendChild(security(doc, prefixes, t)));
            for (Element h : extraHeaders) {
                header.appendChild(rename(doc, prefixes, h));
            }
            env.appendChild(header);
        }
        Element b = element(doc, prefixes, Namespaces.SOAP12, "Body");
        b.appendChild(rename(doc, prefixes, body));
        env.appendChild(b);
        for (Map.Entry<String, String> p : prefixes.entrySet()) {
            env.setAttributeNS(XMLNS, "xmlns:" + p.getValue(), p.getKey());
        }
        return SafeXml.serialize(doc, "a SOAP request");
    }

    /** A detached DOM element built from {@code node}, for callers passing XmlNode bodies. */
    static Element toElement(XmlNode node) {
        Document doc = SafeXml.newDocument();
        Element e = build(doc, node);
        doc.appendChild(e);
        return e;
    }

    private static Element build(Document doc, XmlNode node) {
        Element e = doc.createElementNS(node.namespace(), node.localName());
        for (Map.Entry<String, String> a : node.attributes().entrySet()) {
            e.setAttributeNS(null, a.getKey(), a.getValue());
        }
        if (node.text() != null) {
            e.setTextContent(node.text());
        }
        for (XmlNode c : node.children()) {
            e.appendChild(build(doc, c));
        }
        return e;
    }

    // WSS UsernameToken Profile 1.0 §3.1 and SOAP 1.2 Part 1 §5.2.3 mustUnderstand: a camera that cannot
    // process the header must fault instead of silently serving an unauthenticated request.
    private static Element security(Document doc, Map<String, String> prefixes, UsernameToken t) {
        Element sec = element(doc, prefixes, Namespaces.WSSE, "Security");
        sec.setAttributeNS(Namespaces.SOAP12, prefix(prefixes, Namespaces.SOAP12) + ":mustUnderstand", "true");
        Element ut = element(doc, prefixes, Namespaces.WSSE, "UsernameToken");
        Element user = element(doc, prefixes, Namespaces.WSSE, "Username");
        user.setTextContent(t.username());
        Element pw = element(doc, prefixes, Namespaces.WSSE, "Password");
        pw.setAttributeNS(null, "Type", Namespaces.PASSWORD_DIGEST);
        pw.setTextContent(t.digestBase64());
        Element nonce = element(doc, prefixes, Namespaces.WSSE, "Nonce");
        nonce.setAttributeNS(null, "EncodingType", Namespaces.BASE64_BINARY);
        nonce.setTextContent(t.nonceBase64());
        Element created = element(doc, prefixes, Namespaces.WSU, "Created");
        created.setTextContent(t.created());
        ut.appendChild(user);
        ut.appendChild(pw);
        ut.appendChild(nonce);
        ut.appendChild(created);
        sec.appendChild(ut);
        return sec;
    }

    /** Copies {@code src} into {@code doc} with our prefixes (declared once, on the Envelope). */
    private static Element rename(Document doc, Map<String, String> prefixes, Element src) {
        String ns = src.getNamespaceURI();
        if (ns == null) {
            throw new IllegalArgumentException("request element <" + src.getNodeName() + "> has no namespace");
        }
        Element e = element(doc, prefixes, ns, src.getLocalName());
        var attrs = src.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            if (XMLNS.equals(a.getNamespaceURI())) {
                // A prefixed declaration the caller put on a request element stays on it, under the same prefix:
                // QName-valued text such as a WS-Topics expression ("tns1:VideoSource/MotionAlarm") needs it.
                if (KEEP_DECLARATIONS.equals(src.getUserData(KEEP_DECLARATIONS)) && a.getPrefix() != null) {
                    e.setAttributeNS(XMLNS, a.getNodeName(), a.getNodeValue());
                }
                continue;
            }
            if (a.getNamespaceURI() == null) {
                e.setAttributeNS(null, a.getLocalName() != null ? a.getLocalName() : a.getNodeName(),
                        a.getNodeValue());
            } else {
                e.setAttributeNS(a.getNamespaceURI(), prefix(prefixes, a.getNamespaceURI()) + ":"
                        + a.getLocalName(), a.getNodeValue());
            }
        }
        for (Node c = src.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element ce) {
                e.appendChild(rename(doc, prefixes, ce));
            } else if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                e.appendChild(doc.createTextNode(c.getNodeValue()));
            }
        }
        return e;
    }

    private static Element element(Document doc, Map<String, String> prefixes, String ns, String local) {
        return doc.createElementNS(ns, prefix(prefixes, ns) + ":" + local);
    }

    private static String prefix(Map<String, String> prefixes, String ns) {
        return prefixes.computeIfAbsent(ns,
                k -> Namespaces.PREFIXES.getOrDefault(k, "ns" + (prefixes.size() + 1)));
    }

    /**
     * The first element of the response Body; a Fault becomes {@link OnvifFaultException} (or
     * {@link OnvifAuthException} for authentication faults).
     */
    static Element responseBody(URI endpoint, byte[] bytes, int maxBytes) {
        Document doc;
        try {
            doc = SafeXml.parse(bytes, maxBytes);
        } catch (OnvifXmlException e) {
            throw new OnvifProtocolException(endpoint, e.getMessage(), e);
        }
        Element env = doc.getDocumentElement();
        if (Namespaces.SOAP11.equals(env.getNamespaceURI())) {
            throw new OnvifProtocolException(endpoint, "SOAP 1.1 envelope; ONVIF requires SOAP 1.2");
        }
        if (!Namespaces.SOAP12.equals(env.getNamespaceURI()) || !"Envelope".equals(env.getLocalName())) {
            throw new OnvifProtocolException(endpoint, "response is not a SOAP 1.2 Envelope but <"
                    + env.getNodeName() + ">");
        }
        Element body = SafeXml.child(env, Namespaces.SOAP12, "Body")
                .orElseThrow(() -> new OnvifProtocolException(endpoint, "SOAP Envelope without Body"));
        Element first = firstElement(body)
                .orElseThrow(() -> new OnvifProtocolException(endpoint, "empty SOAP Body"));
        if (Namespaces.SOAP12.equals(first.getNamespaceURI()) && "Fault".equals(first.getLocalName())) {
            throw fault(endpoint, first);
        }
        return first;
    }

    static Optional<Element> firstElement(Element parent) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    // SOAP 1.2 Part 1 §5.4.6: Code/Value, then nested Subcode/Value elements, values are QNames.
    private static OnvifException fault(URI endpoint, Element fault) {
        Element code = SafeXml.child(fault, Namespaces.SOAP12, "Code")
                .orElseThrow(() -> new OnvifProtocolException(endpoint, "SOAP Fault without Code"));
        QName codeName = qname(endpoint, code);
        List<QName> subcodes = new ArrayList<>();
        Optional<Element> sub = SafeXml.child(code, Namespaces.SOAP12, "Subcode");
        while (sub.isPresent() && subcodes.size() < 16) {
            subcodes.add(qname(endpoint, sub.get()));
            sub = SafeXml.child(sub.get(), Namespaces.SOAP12, "Subcode");
        }
        String reason = SafeXml.child(fault, Namespaces.SOAP12, "Reason")
                .flatMap(r -> SafeXml.childText(r, Namespaces.SOAP12, "Text")).orElse("");
        OnvifFaultException f = new OnvifFaultException(endpoint, codeName, subcodes, reason);
        boolean auth = f.hasOnvifSubcode("NotAuthorized")
                || subcodes.contains(new QName(Namespaces.WSSE, "FailedAuthentication"))
                || subcodes.contains(new QName(Namespaces.WSSE, "InvalidSecurityToken"));
        return auth ? new OnvifAuthException(endpoint, "credentials refused: "
                + OnvifFaultException.describe(codeName, subcodes, reason), f) : f;
    }

    private static QName qname(URI endpoint, Element holder) {
        String text = SafeXml.childText(holder, Namespaces.SOAP12, "Value")
                .orElseThrow(() -> new OnvifProtocolException(endpoint, "SOAP Fault " + holder.getLocalName()
                        + " without Value"));
        Element value = SafeXml.child(holder, Namespaces.SOAP12, "Value").orElseThrow();
        int colon = text.indexOf(':');
        String prefix = colon < 0 ? null : text.substring(0, colon);
        String local = text.substring(colon + 1);
        // Resolve through the in-scope declarations of the Value element: vendors use ter:, onvif:, ns3: ...
        String ns = value.lookupNamespaceURI(prefix);
        return ns == null ? new QName(XMLConstants.NULL_NS_URI, local, prefix == null ? "" : prefix)
                : new QName(ns, local);
    }
}
