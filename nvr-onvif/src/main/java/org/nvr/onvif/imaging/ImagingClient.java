package org.nvr.onvif.imaging;

import static org.nvr.onvif.soap.Namespaces.IMAGING;
import static org.nvr.onvif.soap.Namespaces.SCHEMA;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.OnvifUnsupportedException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The ONVIF Imaging service (Imaging Service Specification, WSDL {@value Namespaces#IMAGING}) for one video
 * source at a time.
 *
 * <p>{@link #setImagingSettings} checks the change against GetOptions first (a value outside a range, a value
 * the camera does not offer to adjust, or an IR cut mode it does not list is refused naming the field, with no
 * Set sent), then sends back the camera's whole current settings with only the changed fields replaced, so
 * exposure, focus, white balance and vendor extensions stay as they were.
 */
public final class ImagingClient {
    private static final System.Logger LOG = System.getLogger(ImagingClient.class.getName());
    /** tt:ReferenceToken is at most 64 characters (ONVIF schema onvif.xsd). */
    static final int MAX_TOKEN_CHARS = 64;
    /** tt:ImagingSettings20 sequence, to insert a missing element in schema order. */
    private static final List<String> ORDER = List.of("BacklightCompensation", "Brightness", "ColorSaturation",
            "Contrast", "Exposure", "Focus", "IrCutFilter", "Sharpness", "WideDynamicRange", "WhiteBalance",
            "Extension");

    private final SoapClient soap;
    private final URI endpoint;
    private final ResponseReader read;

    /** A client for the imaging service at {@code endpoint}. */
    public ImagingClient(SoapClient soap, URI endpoint) {
        this.soap = Objects.requireNonNull(soap, "soap");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.read = new ResponseReader(endpoint);
    }

    private Element call(String operation, Element body) {
        try {
            return read.expect(soap.call(endpoint, IMAGING + "/" + operation, body), IMAGING,
                    operation + "Response");
        } catch (OnvifFaultException e) {
            if (e.hasOnvifSubcode("ActionNotSupported")) {
                throw new OnvifUnsupportedException(endpoint, "camera answered ActionNotSupported: " + operation
                        + " unsupported", e);
            }
            throw e;
        }
    }

    private Element call(String operation, XmlNode body) {
        return call(operation, body.toDom());
    }

    private static String token(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS
                || token.codePoints().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
            throw new IllegalArgumentException("'videoSourceToken' must be 1.." + MAX_TOKEN_CHARS
                    + " printable characters: " + token);
        }
        return token;
    }

    private Element rawSettings(String videoSourceToken) {
        Element r = call("GetImagingSettings", XmlNode.of(IMAGING, "GetImagingSettings",
                XmlNode.text(IMAGING, "VideoSourceToken", token(videoSourceToken))));
        return read.child(r, IMAGING, "ImagingSettings");
    }

    /** GetImagingSettings (Imaging Service Specification). */
    public ImagingSettings imagingSettings(String videoSourceToken) {
        Element s = rawSettings(videoSourceToken);
        return new ImagingSettings(read.optDecimal(s, SCHEMA, "Brightness"), read.optDecimal(s, SCHEMA, "Contrast"),
                read.optDecimal(s, SCHEMA, "ColorSaturation"), read.optDecimal(s, SCHEMA, "Sharpness"),
                read.optText(s, SCHEMA, "IrCutFilter").flatMap(IrCutFilterMode::parse));
    }

    /** GetOptions (Imaging Service Specification). */
    public ImagingOptions options(String videoSourceToken) {
        Element r = call("GetOptions", XmlNode.of(IMAGING, "GetOptions",
                XmlNode.text(IMAGING, "VideoSourceToken", token(videoSourceToken))));
        Element o = read.child(r, IMAGING, "ImagingOptions");
        List<IrCutFilterMode> modes = new ArrayList<>();
        for (Element m : SafeXml.children(o, SCHEMA, "IrCutFilterModes")) {
            IrCutFilterMode.parse(m.getTextContent()).filter(x -> !modes.contains(x)).ifPresent(modes::add);
        }
        return new ImagingOptions(range(o, "Brightness"), range(o, "Contrast"), range(o, "ColorSaturation"),
                range(o, "Sharpness"), modes);
    }

    private Optional<FloatRange> range(Element options, String name) {
        return SafeXml.child(options, SCHEMA, name).map(r -> {
            double min = read.parseDecimal(name + "/Min", read.text(r, SCHEMA, "Min"));
            double max = read.parseDecimal(name + "/Max", read.text(r, SCHEMA, "Max"));
            try {
                return new FloatRange(min, max);
            } catch (IllegalArgumentException e) {
                throw new OnvifProtocolException(endpoint, name + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * SetImagingSettings (Imaging Service Specification) with ForcePersistence true, after checking {@code
     * change} against GetOptions. When the camera has no GetOptions, its own checks are relied on.
     */
    public void setImagingSettings(String videoSourceToken, ImagingChange change) {
        token(videoSourceToken);
        Objects.requireNonNull(change, "change");
        if (change.isEmpty()) {
            throw new IllegalArgumentException("'change' is empty: nothing to set");
        }
        try {
            check(options(videoSourceToken), change);
        } catch (OnvifUnsupportedException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> endpoint + ": no imaging options (" + e.getMessage()
                    + "); relying on the camera's own checks");
        }
        Document doc = SafeXml.newDocument();
        Element request = doc.createElementNS(IMAGING, "SetImagingSettings");
        doc.appendChild(request);
        append(request, IMAGING, "VideoSourceToken", videoSourceToken);
        Element settings = doc.createElementNS(IMAGING, "ImagingSettings");
        Element current = rawSettings(videoSourceToken);
        for (Node c = current.getFirstChild(); c != null; c = c.getNextSibling()) {
            settings.appendChild(doc.importNode(c, true));
        }
        request.appendChild(settings);
        change.brightness().ifPresent(v -> set(settings, "Brightness", FloatRange.text(v)));
        change.colorSaturation().ifPresent(v -> set(settings, "ColorSaturation", FloatRange.text(v)));
        change.contrast().ifPresent(v -> set(settings, "Contrast", FloatRange.text(v)));
        change.irCutFilter().ifPresent(m -> set(settings, "IrCutFilter", m.name()));
        change.sharpness().ifPresent(v -> set(settings, "Sharpness", FloatRange.text(v)));
        // Imaging Service Specification, SetImagingSettings: ForcePersistence true keeps the change across reboots.
        append(request, IMAGING, "ForcePersistence", "true");
        call("SetImagingSettings", request);
    }

    private void check(ImagingOptions o, ImagingChange change) {
        inRange("brightness", change.brightness(), o.brightness());
        inRange("contrast", change.contrast(), o.contrast());
        inRange("colorSaturation", change.colorSaturation(), o.colorSaturation());
        inRange("sharpness", change.sharpness(), o.sharpness());
        change.irCutFilter().filter(m -> !o.irCutFilterModes().contains(m)).ifPresent(m -> {
            throw new IllegalArgumentException("'irCutFilter' " + m + " is not among the camera's modes "
                    + o.irCutFilterModes());
        });
    }

    private void inRange(String field, Optional<Double> value, Optional<FloatRange> range) {
        if (value.isEmpty()) {
            return;
        }
        double v = value.get();
        FloatRange r = range.orElseThrow(() -> new IllegalArgumentException("'" + field
                + "' is not adjustable on this camera (GetOptions gives no range)"));
        if (!r.contains(v)) {
            throw new IllegalArgumentException("'" + field + "' " + FloatRange.text(v)
                    + " is outside the camera's range " + r);
        }
    }

    /** Sets the text of {@code tt:name}, creating it in schema order when the camera did not send it. */
    private static void set(Element settings, String name, String text) {
        Element e = SafeXml.child(settings, SCHEMA, name).orElseGet(() -> {
            Element created = settings.getOwnerDocument().createElementNS(SCHEMA, name);
            Node before = null;
            for (String following : ORDER.subList(ORDER.indexOf(name) + 1, ORDER.size())) {
                Optional<Element> next = SafeXml.child(settings, SCHEMA, following);
                if (next.isPresent()) {
                    before = next.get();
                    break;
                }
            }
            settings.insertBefore(created, before);
            return created;
        });
        e.setTextContent(text);
    }

    private static void append(Element parent, String ns, String name, String text) {
        Element e = parent.getOwnerDocument().createElementNS(ns, name);
        e.setTextContent(text);
        parent.appendChild(e);
    }
}
