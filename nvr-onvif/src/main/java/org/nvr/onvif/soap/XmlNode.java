package org.nvr.onvif.soap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable description of a request element: namespace, local name, unqualified attributes, text and
 * children. {@link SoapEnvelope} turns it into DOM nodes, so user data (tokens, names, host names) is escaped by
 * the serializer, never spliced into markup. Text is checked here for characters XML 1.0 §2.2 cannot carry.
 *
 * @param namespace  namespace URI of the element
 * @param localName  local name
 * @param attributes unqualified attributes, in insertion order
 * @param text       text content, or null for none
 * @param children   child elements, in order
 */
public record XmlNode(String namespace, String localName, Map<String, String> attributes, String text,
        List<XmlNode> children) {
    public XmlNode {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(localName, "localName");
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
        if (text != null) {
            requireXmlChars(localName, text);
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            requireXmlChars(localName + "@" + a.getKey(), a.getValue());
        }
    }

    /** An element with child elements. */
    public static XmlNode of(String namespace, String localName, XmlNode... children) {
        return new XmlNode(namespace, localName, Map.of(), null, List.of(children));
    }

    /** An element with child elements given as a list. */
    public static XmlNode of(String namespace, String localName, List<XmlNode> children) {
        return new XmlNode(namespace, localName, Map.of(), null, children);
    }

    /** A leaf element with text content. */
    public static XmlNode text(String namespace, String localName, String text) {
        return new XmlNode(namespace, localName, Map.of(), Objects.requireNonNull(text, localName), List.of());
    }

    /** This element with one more (unqualified) attribute. */
    public XmlNode withAttribute(String name, String value) {
        Map<String, String> a = new LinkedHashMap<>(attributes);
        a.put(name, Objects.requireNonNull(value, name));
        return new XmlNode(namespace, localName, a, text, children);
    }

    /** A detached DOM element for this tree (in a new document), e.g. to edit before sending. */
    public org.w3c.dom.Element toDom() {
        return SoapEnvelope.toElement(this);
    }

    /** This element with one more child. */
    public XmlNode with(XmlNode child) {
        List<XmlNode> c = new ArrayList<>(children);
        c.add(child);
        return new XmlNode(namespace, localName, attributes, text, c);
    }

    // XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
    private static void requireXmlChars(String where, String value) {
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            boolean ok = cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
                    || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
            if (!ok) {
                throw new IllegalArgumentException("'" + where + "' contains character U+"
                        + String.format("%04X", cp) + " that XML 1.0 cannot carry");
            }
            i += Character.charCount(cp);
        }
    }
}
