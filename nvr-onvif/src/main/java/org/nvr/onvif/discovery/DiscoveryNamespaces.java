package org.nvr.onvif.discovery;

/** Namespace URIs and fixed values of WS-Discovery 2005/04 as ONVIF Core §7 uses it. */
public final class DiscoveryNamespaces {
    /** SOAP 1.2 envelope, what ONVIF Core §5.1 mandates. */
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    /** SOAP 1.1 envelope: a few old firmwares answer with it; accepted on input, never sent. */
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    /** WS-Addressing of August 2004, the one WS-Discovery 2005/04 is built on. */
    public static final String WSA = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    /** WS-Discovery April 2005, the version ONVIF Core §7 references. */
    public static final String WSD = "http://schemas.xmlsoap.org/ws/2005/04/discovery";
    /** ONVIF network namespace holding the {@code NetworkVideoTransmitter} device type. */
    public static final String ONVIF_NETWORK = "http://www.onvif.org/ver10/network/wsdl";

    /** WS-Discovery 2005/04 §5.2: the Action of a Probe. */
    public static final String PROBE_ACTION = WSD + "/Probe";
    /** WS-Discovery 2005/04 §5.3: the Action of ProbeMatches. */
    public static final String PROBE_MATCHES_ACTION = WSD + "/ProbeMatches";
    /** WS-Discovery 2005/04 §2.4: the wsa:To of messages sent to the multicast group (ad hoc mode). */
    public static final String DISCOVERY_TO = "urn:schemas-xmlsoap-org:ws:2005:04:discovery";

    /** The ONVIF device type every ONVIF video device answers to, in Clark notation {@code {ns}local}. */
    public static final String NETWORK_VIDEO_TRANSMITTER = "{" + ONVIF_NETWORK + "}NetworkVideoTransmitter";

    private DiscoveryNamespaces() {
    }
}
