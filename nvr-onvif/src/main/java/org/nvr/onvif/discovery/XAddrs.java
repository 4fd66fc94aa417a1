package org.nvr.onvif.discovery;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code d:XAddrs} of a ProbeMatch: a whitespace-separated list of device service URLs (WS-Discovery 2005/04
 * §5.3, ONVIF Core §7.3.2.3), bounded, validated, and with unreachable hosts replaced by the responder's address.
 */
final class XAddrs {
    private static final Logger LOG = System.getLogger(XAddrs.class.getName());
    /** Longer is no URL a camera would serve; refuse it before java.net.URI works on it. */
    static final int MAX_URL_CHARS = 2048;

    private XAddrs() {
    }

    /** Parses at most {@code max} usable http(s) URLs out of {@code text}, fixing hosts for {@code responder}. */
    static List<URI> parse(String text, int max, InetAddress responder) {
        Set<URI> out = new LinkedHashSet<>();
        for (String token : text.strip().split("\\s+")) {
            if (out.size() >= max) {
                LOG.log(Level.DEBUG, "more than {0} XAddrs from {1}; the rest ignored", max, responder);
                break;
            }
            if (!token.isEmpty()) {
                toUri(token).map(u -> fix(u, responder)).ifPresent(out::add);
            }
        }
        return new ArrayList<>(out);
    }

    private static Optional<URI> toUri(String token) {
        if (token.length() > MAX_URL_CHARS) {
            LOG.log(Level.DEBUG, "XAddr of {0} characters ignored", token.length());
            return Optional.empty();
        }
        try {
            URI uri = new URI(token);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // Logged below without the token's text beyond its length: it came from the network.
        }
        LOG.log(Level.DEBUG, "XAddr that is not an http(s) URL with a host ignored ({0} characters)",
                token.length());
        return Optional.empty();
    }

    /**
     * Replaces a host nobody else can reach with the responder's address, keeping port, path and query. Cameras
     * announce {@code 0.0.0.0} before DHCP settles, {@code 127.0.0.1} from a badly configured stack, and IPv6
     * link-local addresses that carry no zone we could use (RFC 4007 §11: the zone is the receiver's interface).
     */
    static URI fix(URI uri, InetAddress responder) {
        Optional<InetAddress> host = IpLiterals.uriHost(uri.getHost());
        if (host.isEmpty() || !unreachable(host.get(), responder)) {
            return uri;
        }
        StringBuilder s = new StringBuilder(uri.getScheme()).append("://").append(IpLiterals.uriHost(responder));
        if (uri.getPort() >= 0) {
            s.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            s.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            s.append('?').append(uri.getRawQuery());
        }
        try {
            return new URI(s.toString());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("rebuilding a parsed URI with a literal host cannot fail: " + e, e);
        }
    }

    private static boolean unreachable(InetAddress host, InetAddress responder) {
        if (host.isAnyLocalAddress()) {
            return true;
        }
        if (host.isLoopbackAddress()) {
            return !responder.isLoopbackAddress();
        }
        // Even when the device answered from that very address, the URI lacks our zone; the responder has it.
        return host.isLinkLocalAddress() && host.getAddress().length == 16;
    }
}
