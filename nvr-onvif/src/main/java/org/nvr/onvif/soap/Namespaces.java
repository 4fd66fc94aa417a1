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

    /** Prefixes we declare when writing; any other namespace gets a generated {@code nsN}. */
    static final Map<String, String> PREFIXES = Map.of(
            SOAP12, "s", WSSE, "wsse", WSU, "wsu", SCHEMA, "tt", DEVICE, "tds", MEDIA1, "trt", MEDIA2, "tr2",
            PTZ, "tptz", IMAGING, "timg", EVENTS, "tev");

    private Namespaces() {
    }
}
