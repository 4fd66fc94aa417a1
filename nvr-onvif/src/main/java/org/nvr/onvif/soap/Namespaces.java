package org.nvr.onvif.soap;

import java.util.Map;

/** Namespace URIs used on the wire, and the prefixes we write for them (readers never rely on prefixes). */
public final class Namespaces {
    /** SOAP 1.2 envelope (SOAP 1.2 Part 1 §5); ONVIF Core §5.1 requires SOAP 1.2. */
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    /** SOAP 1.1 envelope, recognised only to give a clear error. */
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    public static final String PASSWORD_DIGEST =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest";
    public static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary";
    public static final String ONVIF_ERROR = "http://www.onvif.org/ver10/error";
    public static final String SCHEMA = "http://www.onvif.org/ver10/schema";
    public static final String DEVICE = "http://www.onvif.org/ver10/device/wsdl";
    public static final String MEDIA1 = "http://www.onvif.org/ver10/media/wsdl";
    public static final String MEDIA2 = "http://www.onvif.org/ver20/media/wsdl";
    public static final String PTZ = "http://www.onvif.org/ver20/ptz/wsdl";
    public static final String IMAGING = "http://www.onvif.org/ver20/imaging/wsdl";
    public static final String EVENTS = "http://www.onvif.org/ver10/events/wsdl";
    /** WS-Addressing 1.0 (W3C WS-Addressing Core), used by the event service's subscription references. */
    public static final String WSA = "http://www.w3.org/2005/08/addressing";
    /** OASIS WS-BaseNotification 1.3, the base of the ONVIF Event Service Specification. */
    public static final String WSNT = "http://docs.oasis-open.org/wsn/b-2";
    /** ONVIF topic namespace (ONVIF Core Specification, event handling: topic namespace), written as tns1. */
    public static final String TOPICS = "http://www.onvif.org/ver10/topics";

    /** Prefixes we declare when writing; any other namespace gets a generated {@code nsN}. */
    static final Map<String, String> PREFIXES = Map.ofEntries(
            Map.entry(SOAP12, "s"), Map.entry(WSSE, "wsse"), Map.entry(WSU, "wsu"), Map.entry(SCHEMA, "tt"),
            Map.entry(DEVICE, "tds"), Map.entry(MEDIA1, "trt"), Map.entry(MEDIA2, "tr2"), Map.entry(PTZ, "tptz"),
            Map.entry(IMAGING, "timg"), Map.entry(EVENTS, "tev"), Map.entry(WSA, "wsa"), Map.entry(WSNT, "wsnt"),
            Map.entry(TOPICS, "tns1"));

    private Namespaces() {
    }
}
