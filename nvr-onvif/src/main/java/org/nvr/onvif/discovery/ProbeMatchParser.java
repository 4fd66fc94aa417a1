package org.nvr.onvif.discovery;

import static org.nvr.onvif.discovery.DiscoveryNamespaces.SOAP11;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.SOAP12;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSA;
import static org.nvr.onvif.discovery.DiscoveryNamespaces.WSD;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.xml.OnvifXmlException;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads one ProbeMatches datagram (WS-Discovery 2005/04 §5.3, ONVIF Core §7.3) with {@link SafeXml}: elements
 * are found by namespace, never by prefix (vendors use {@code d:}, {@code wsdd:}, {@code dis:} or a default
 * namespace), and everything is bounded. Never throws for what a device sent: the outcome says what it was.
 */
public final class ProbeMatchParser {
    /** Default bound on a datagram; UDP over IPv4 cannot carry more than 65,507 bytes anyway. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 64 * 1024;
    /** Default bound on ProbeMatch elements per datagram; a device sends one, a proxy a few. */
    public static final int DEFAULT_MAX_MATCHES = 64;
    /** Default bound on XAddrs per match; cameras send one per interface and address family. */
    public static final int DEFAULT_MAX_XADDRS = 32;
    /** Default bound on scopes (and on types) per match; real cameras send 5 to 20 scopes. */
    public static final int DEFAULT_MAX_SCOPES = 64;

    private final int maxDatagramBytes;
    private final int maxMatches;
    private final int maxXAddrs;
    private final int maxScopes;

    /** A parser with the default bounds. */
    public ProbeMatchParser() {
        this(DEFAULT_MAX_DATAGRAM_BYTES, DEFAULT_MAX_MATCHES, DEFAULT_MAX_XADDRS, DEFAULT_MAX_SCOPES);
    }

    /** A parser with explicit bounds, each at least 1. */
    public ProbeMatchParser(int maxDatagramBytes, int maxMatches, int maxXAddrs, int maxScopes) {
        this.maxDatagramBytes = positive("maxDatagramBytes", maxDatagramBytes);
        this.maxMatches = positive("maxMatches", maxMatches);
        this.maxXAddrs = positive("maxXAddrs", maxXAddrs);
        this.maxScopes = positive("maxScopes", maxScopes);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
        return value;
    }

    /** The bound on XAddrs per device, also used when merging duplicates. */
    public int maxXAddrs() {
        return maxXAddrs;
    }

    /**
     * Classifies and reads {@code datagram}.
     *
     * @param probeMessageId the {@code wsa:MessageID} of our Probe; only matches whose {@code wsa:RelatesTo}
     *     equals it are taken (WS-Discovery 2005/04 §5.3)
     * @param responder the datagram's source address, used to fix unreachable XAddr hosts
     * @param seen the receive time
     */
    public ProbeMatchResult parse(byte[] datagram, String probeMessageId, InetAddress responder, Instant seen) {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(probeMessageId, "probeMessageId");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(seen, "seen");
        Document doc;
        try {
            doc = SafeXml.parse(datagram, maxDatagramBytes);
        } catch (OnvifXmlException e) {
            return ProbeMatchResult.malformed(e.getMessage());
        }
        Element envelope = doc.getDocumentElement();
        String soap = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !(SOAP12.equals(soap) || SOAP11.equals(soap))) {
            return ProbeMatchResult.malformed("root element is not a SOAP envelope");
        }
        Optional<Element> header = SafeXml.child(envelope, soap, "Header");
        Optional<Element> body = SafeXml.child(envelope, soap, "Body");
        if (header.isEmpty() || body.isEmpty()) {
            return ProbeMatchResult.malformed("SOAP envelope without Header or Body");
        }
        Optional<String> relatesTo = SafeXml.childText(header.get(), WSA, "RelatesTo");
        if (relatesTo.isEmpty() || !relatesTo.get().equals(probeMessageId)) {
            return ProbeMatchResult.unrelated("RelatesTo is not our Probe's MessageID");
        }
        Optional<Element> probeMatches = SafeXml.child(body.get(), WSD, "ProbeMatches");
        if (probeMatches.isEmpty()) {
            return ProbeMatchResult.unrelated("body is not ProbeMatches");
        }
        List<Element> matches = SafeXml.children(probeMatches.get(), WSD, "ProbeMatch");
        List<DiscoveredDevice> devices = new ArrayList<>(Math.min(matches.size(), maxMatches));
        int skipped = Math.max(0, matches.size() - maxMatches);
        for (Element match : matches.subList(0, Math.min(matches.size(), maxMatches))) {
            Optional<DiscoveredDevice> device = device(match, responder, seen);
            if (device.isPresent()) {
                devices.add(device.get());
            } else {
                skipped++;
            }
        }
        return ProbeMatchResult.matches(devices, skipped);
    }

    private Optional<DiscoveredDevice> device(Element match, InetAddress responder, Instant seen) {
        // WS-Discovery 2005/04 §5.3: EndpointReference is required; without it a match identifies nothing.
        Optional<String> address = SafeXml.child(match, WSA, "EndpointReference")
                .flatMap(epr -> SafeXml.childText(epr, WSA, "Address"))
                .filter(a -> !a.isEmpty() && a.length() <= XAddrs.MAX_URL_CHARS);
        if (address.isEmpty()) {
            return Optional.empty();
        }
        List<URI> xAddrs = SafeXml.childText(match, WSD, "XAddrs")
                .map(text -> XAddrs.parse(text, maxXAddrs, responder)).orElse(List.of());
        List<String> types = SafeXml.child(match, WSD, "Types").map(this::types).orElse(List.of());
        List<String> scopes = SafeXml.childText(match, WSD, "Scopes").map(this::scopes).orElse(List.of());
        return Optional.of(new DiscoveredDevice(address.get(), xAddrs, types, scopes, responder, seen));
    }

    /** {@code d:Types} is a list of QNames whose prefixes resolve against the element's in-scope namespaces. */
    private List<String> types(Element typesElement) {
        List<String> out = new ArrayList<>();
        for (String qname : tokens(typesElement.getTextContent())) {
            if (out.size() >= maxScopes) {
                break;
            }
            int colon = qname.indexOf(':');
            String prefix = colon < 0 ? null : qname.substring(0, colon);
            String local = qname.substring(colon + 1);
            String ns = typesElement.lookupNamespaceURI(prefix);
            String clark = ns == null ? local : "{" + ns + "}" + local;
            if (!local.isEmpty() && !out.contains(clark)) {
                out.add(clark);
            }
        }
        return out;
    }

    private List<String> scopes(String text) {
        List<String> out = new ArrayList<>();
        for (String scope : tokens(text)) {
            if (out.size() >= maxScopes) {
                break;
            }
            if (scope.length() <= XAddrs.MAX_URL_CHARS) {
                out.add(scope);
            }
        }
        return out;
    }

    private static String[] tokens(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? new String[0] : stripped.split("\\s+");
    }
}
