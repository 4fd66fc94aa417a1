package org.nvr.onvif.ptz;

import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/** Reading and writing the tt: PTZ types (ONVIF schema onvif.xsd: PTZNode, PTZVector, PTZSpeed). */
final class PtzXml {
    private PtzXml() {
    }

    /** xs:float text without exponent or trailing zeros: 0.5, -1, 0.125. */
    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * The space of this kind to use: the generic one when listed (we send normalized coordinates), else the first.
     * Cameras list several spaces per kind, e.g. the generic one and a degrees space.
     */
    static Optional<PtzSpace> space(ResponseReader read, Element spaces, String kind) {
        List<PtzSpace> all = new ArrayList<>();
        for (Element s : SafeXml.children(spaces, SCHEMA, kind)) {
            if (all.size() == 8) {
                break; // a node lists one or two spaces per kind; more is noise we need not keep
            }
            all.add(new PtzSpace(uri(read, s), range(read, s, "XRange"),
                    SafeXml.child(s, SCHEMA, "YRange").map(y -> range(read, s, "YRange"))));
        }
        return all.stream().filter(PtzSpace::generic).findFirst().or(() -> all.stream().findFirst());
    }

    private static URI uri(ResponseReader read, Element space) {
        String text = read.text(space, SCHEMA, "URI");
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new OnvifProtocolException(read.endpoint(), space.getLocalName() + "/URI is not a URI: " + text, e);
        }
    }

    private static SpaceRange range(ResponseReader read, Element space, String name) {
        Element r = read.child(space, SCHEMA, name);
        String where = space.getLocalName() + "/" + name;
        double min = read.parseDecimal(where + "/Min", read.text(r, SCHEMA, "Min"));
        double max = read.parseDecimal(where + "/Max", read.text(r, SCHEMA, "Max"));
        try {
            return new SpaceRange(min, max);
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(read.endpoint(), where + ": " + e.getMessage(), e);
        }
    }

    /** A {@code tt:PTZVector} (Position of GetStatus, PTZPosition of a preset); empty when it holds nothing. */
    static Optional<PtzPosition> vector(ResponseReader read, Element v) {
        Optional<PanTilt> pt = SafeXml.child(v, SCHEMA, "PanTilt").map(p -> new PanTilt(
                attr(read, p, "x"), attr(read, p, "y")));
        Optional<Double> zoom = SafeXml.child(v, SCHEMA, "Zoom").map(z -> attr(read, z, "x"));
        return pt.isEmpty() && zoom.isEmpty() ? Optional.empty() : Optional.of(new PtzPosition(pt, zoom));
    }

    private static double attr(ResponseReader read, Element e, String name) {
        return read.parseDecimal(e.getLocalName() + "@" + name, read.requiredAttribute(e, name));
    }

    /** tt:Vector2D: x, y and the space URI as attributes. */
    static XmlNode vector2d(String ns, String name, double x, double y, PtzSpace space) {
        return new XmlNode(ns, name, java.util.Map.of(), null, List.of()).withAttribute("x", number(x))
                .withAttribute("y", number(y)).withAttribute("space", space.uri().toString());
    }

    /** tt:Vector1D: x and the space URI as attributes. */
    static XmlNode vector1d(String ns, String name, double x, PtzSpace space) {
        return new XmlNode(ns, name, java.util.Map.of(), null, List.of()).withAttribute("x", number(x))
                .withAttribute("space", space.uri().toString());
    }
}
