package org.nvr.onvif.media;

import java.util.List;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Edits of a configuration read from the camera, so that a Set sends back everything the camera gave us
 * (vendor extensions, Multicast, SessionTimeout) with only our fields changed. The SOAP client re-prefixes
 * elements when serializing, so created elements need no prefix.
 */
final class DomEdit {
    private DomEdit() {
    }

    /** A new document whose root is {@code {ns}name} holding a deep copy of {@code src}'s content. */
    static Element copyAs(Element src, String ns, String name) {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS(ns, name);
        var attrs = src.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            Node a = attrs.item(i);
            if (!"http://www.w3.org/2000/xmlns/".equals(a.getNamespaceURI())) {
                root.setAttributeNodeNS((org.w3c.dom.Attr) doc.importNode(a, true));
            }
        }
        for (Node c = src.getFirstChild(); c != null; c = c.getNextSibling()) {
            root.appendChild(doc.importNode(c, true));
        }
        doc.appendChild(root);
        return root;
    }

    /** A new element {@code {ns}name} in a fresh document. */
    static Element newRoot(String ns, String name) {
        Document doc = SafeXml.newDocument();
        Element root = doc.createElementNS(ns, name);
        doc.appendChild(root);
        return root;
    }

    /**
     * The child {@code {ns}name}, created when missing and inserted before the first existing element of
     * {@code following} (the names after it in the schema sequence), so the result stays schema-ordered.
     */
    static Element ensureChild(Element parent, String ns, String name, List<String> following) {
        var existing = SafeXml.child(parent, ns, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        for (String f : following) {
            var next = SafeXml.child(parent, ns, f);
            if (next.isPresent()) {
                parent.insertBefore(e, next.get());
                return e;
            }
        }
        parent.appendChild(e);
        return e;
    }

    static void setText(Element e, String text) {
        e.setTextContent(text);
    }

    /** Formats a frame rate as xs:float / xs:int text: "25" rather than "25.0" when whole. */
    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
