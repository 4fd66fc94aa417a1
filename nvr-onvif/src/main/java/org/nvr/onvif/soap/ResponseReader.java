package org.nvr.onvif.soap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * Typed lookups in a response element, by namespace and local name (vendors choose their own prefixes, or none).
 * A missing required element or an unparsable number becomes {@link OnvifProtocolException} naming the element
 * and the endpoint, so service clients stay declarative.
 */
public final class ResponseReader {
    private final URI endpoint;

    public ResponseReader(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** The endpoint named in errors. */
    public URI endpoint() {
        return endpoint;
    }

    /** The required child element. */
    public Element child(Element parent, String ns, String name) {
        return SafeXml.child(parent, ns, name).orElseThrow(() -> missing(parent, name));
    }

    /** The required child's trimmed text. */
    public String text(Element parent, String ns, String name) {
        return SafeXml.childText(parent, ns, name).orElseThrow(() -> missing(parent, name));
    }

    /** The optional child's trimmed text, empty when absent or blank. */
    public Optional<String> optText(Element parent, String ns, String name) {
        return SafeXml.childText(parent, ns, name).filter(s -> !s.isEmpty());
    }

    /** The required child's integer text. */
    public int integer(Element parent, String ns, String name) {
        return parseInt(parent.getLocalName() + "/" + name, text(parent, ns, name));
    }

    /** The optional child's integer text. */
    public Optional<Integer> optInteger(Element parent, String ns, String name) {
        return optText(parent, ns, name).map(t -> parseInt(parent.getLocalName() + "/" + name, t));
    }

    /** The optional child's decimal text. */
    public Optional<Double> optDecimal(Element parent, String ns, String name) {
        return optText(parent, ns, name).map(t -> parseDecimal(parent.getLocalName() + "/" + name, t));
    }

    /** The optional child's {@code xs:boolean} ("true", "false", "1", "0"). */
    public Optional<Boolean> optBoolean(Element parent, String ns, String name) {
        return optText(parent, ns, name).map(t -> parseBoolean(parent.getLocalName() + "/" + name, t));
    }

    /** The required child's {@code xs:boolean}. */
    public boolean bool(Element parent, String ns, String name) {
        return parseBoolean(parent.getLocalName() + "/" + name, text(parent, ns, name));
    }

    /** An unqualified attribute, empty when absent or blank. */
    public Optional<String> attribute(Element e, String name) {
        String v = e.getAttributeNS(null, name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A required unqualified attribute. */
    public String requiredAttribute(Element e, String name) {
        return attribute(e, name).orElseThrow(() -> new OnvifProtocolException(endpoint, "<" + e.getLocalName()
                + "> lacks required attribute " + name));
    }

    /** The required child's text as an absolute URI. */
    public URI uri(Element parent, String ns, String name) {
        String t = text(parent, ns, name);
        try {
            URI u = new URI(t);
            if (!u.isAbsolute()) {
                throw new OnvifProtocolException(endpoint, parent.getLocalName() + "/" + name
                        + " is not an absolute URI: " + t);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new OnvifProtocolException(endpoint, parent.getLocalName() + "/" + name + " is not a URI: " + t,
                    e);
        }
    }

    /** Checks that {@code e} is the expected response element. */
    public Element expect(Element e, String ns, String name) {
        if (!ns.equals(e.getNamespaceURI()) || !name.equals(e.getLocalName())) {
            throw new OnvifProtocolException(endpoint, "expected {" + ns + "}" + name + " but got {"
                    + e.getNamespaceURI() + "}" + e.getLocalName());
        }
        return e;
    }

    public int parseInt(String what, String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new OnvifProtocolException(endpoint, what + " is not an integer: " + abbreviate(text), e);
        }
    }

    public double parseDecimal(String what, String text) {
        try {
            double d = Double.parseDouble(text.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException("not finite");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new OnvifProtocolException(endpoint, what + " is not a number: " + abbreviate(text), e);
        }
    }

    private boolean parseBoolean(String what, String t) {
        switch (t.strip()) {
            case "true":
            case "1":
                return true;
            case "false":
            case "0":
                return false;
            default:
                throw new OnvifProtocolException(endpoint, what + " is not an xs:boolean: " + abbreviate(t));
        }
    }

    private OnvifProtocolException missing(Element parent, String name) {
        return new OnvifProtocolException(endpoint, "<" + parent.getLocalName() + "> lacks required element "
                + name);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
