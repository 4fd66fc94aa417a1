package org.nvr.onvif.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A test ONVIF device on 127.0.0.1: routes by the Body element's local name to
 * {@code /fixtures/<vendor>/<Operation>.xml}, answers Set* operations with an empty response, and answers
 * operations without a fixture with {@code ter:ActionNotSupported}.
 *
 * <p>It checks every request except GetSystemDateAndTime the way a camera does: WS-Security UsernameToken
 * PasswordDigest recomputed here with {@link MessageDigest} (independently of the client code), Created within
 * {@link #CREATED_WINDOW} of the device's own clock (system clock + {@link #clockOffset(Duration)}), nonces not
 * replayed; otherwise HTTP 400 with {@code ter:NotAuthorized}. With {@link #requireHttpDigest(String)} it also
 * demands RFC 7616 HTTP Digest, as Hikvision firmware does.
 */
public final class FakeOnvifDevice implements AutoCloseable {
    public static final Duration CREATED_WINDOW = Duration.ofSeconds(5);
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";
    private static final String WSSE =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    private static final String WSU =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    private static final String TT = "http://www.onvif.org/ver10/schema";
    private static final String WSA = "http://www.w3.org/2005/08/addressing";
    private static final String FIXTURE_HOST = "192.0.2.10";
    private static final int MAX_RECORDED = 64;

    /** A canned answer replacing the routed one; {@code chunked} omits Content-Length. */
    public record Raw(int status, String contentType, byte[] body, boolean chunked) {
        public static Raw soap(int status, byte[] body) {
            return new Raw(status, "application/soap+xml; charset=utf-8", body, false);
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final String vendor;
    private final String user;
    private final char[] password;
    private volatile Duration clockOffset = Duration.ZERO;
    private volatile Duration delay = Duration.ZERO;
    private volatile String digestAlgorithm;
    private final String digestNonce = "dcd98b7102dd2f0e8b11d0f600bfb0c093";
    private final Map<String, Raw> overrides = new ConcurrentHashMap<>();
    private final Map<String, Function<Element, Raw>> routes = new ConcurrentHashMap<>();
    private final Map<String, Element> lastHeaders = new ConcurrentHashMap<>();
    private final Map<String, String> lastPaths = new ConcurrentHashMap<>();
    private final List<Element> received = new ArrayList<>();
    private final Set<String> seenNonces = new LinkedHashSet<>();
    private final AtomicInteger httpRequests = new AtomicInteger();
    private final AtomicInteger rejectedTokens = new AtomicInteger();

    public FakeOnvifDevice(String vendor, String user, char[] password) throws IOException {
        this.vendor = vendor;
        this.user = user;
        this.password = password.clone();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The device service address. */
    public URI deviceUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/onvif/device_service");
    }

    /** Any path on this device (media services share the server; routing is by body). */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Camera time − real time. */
    public FakeOnvifDevice clockOffset(Duration offset) {
        this.clockOffset = offset;
        return this;
    }

    /** Sleeps this long before answering. */
    public FakeOnvifDevice delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Demands HTTP Digest with "MD5" or "SHA-256" (qop=auth) on every request. */
    public FakeOnvifDevice requireHttpDigest(String algorithm) {
        this.digestAlgorithm = algorithm;
        return this;
    }

    /** Answers {@code operation} with {@code raw} (checked for credentials first unless GetSystemDateAndTime). */
    public FakeOnvifDevice override(String operation, Raw raw) {
        overrides.put(operation, raw);
        return this;
    }

    /**
     * Answers {@code operation} with what {@code handler} returns for the request Envelope (after the credential
     * check), e.g. a sequence of fixtures or an answer depending on the request; takes precedence over
     * {@link #override} and fixtures.
     */
    public FakeOnvifDevice route(String operation, Function<Element, Raw> handler) {
        routes.put(operation, handler);
        return this;
    }

    /** Answers {@code operation} with the fixture at {@code fixturePath} (XAddrs and wsa:Address patched). */
    public FakeOnvifDevice serve(String operation, String fixturePath) {
        byte[] bytes = fixture(fixturePath).orElseThrow(() -> new IllegalArgumentException(fixturePath));
        return route(operation, env -> Raw.soap(200, patch(operation, bytes)));
    }

    /** Answers each operation with an empty {@code <op>Response} in the request's namespace (PTZ moves, Stop). */
    public FakeOnvifDevice answerEmpty(String... operations) {
        for (String op : operations) {
            route(op, env -> {
                Element first = firstElement(SafeXml.child(env, SOAP12, "Body").orElseThrow());
                return Raw.soap(200, ("<e:Envelope xmlns:e=\"" + SOAP12 + "\"><e:Body><r:" + op
                        + "Response xmlns:r=\"" + first.getNamespaceURI() + "\"/></e:Body></e:Envelope>")
                        .getBytes(StandardCharsets.UTF_8));
            });
        }
        return this;
    }

    /** The SOAP Header of the last request for {@code operation}, if it had one. */
    public Optional<Element> lastHeader(String operation) {
        return Optional.ofNullable(lastHeaders.get(operation));
    }

    /** The request path (and query) the last request for {@code operation} went to. */
    public Optional<String> lastPath(String operation) {
        return Optional.ofNullable(lastPaths.get(operation));
    }

    /** How many received Body elements (of the last 64) are in {@code namespace}. */
    public long receivedIn(String namespace) {
        return received().stream().filter(e -> namespace.equals(e.getNamespaceURI())).count();
    }

    /** The Body elements received, in order (at most the last 64). */
    public List<Element> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The last received Body element with this local name. */
    public Optional<Element> lastReceived(String operation) {
        List<Element> all = received();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (operation.equals(all.get(i).getLocalName())) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public int httpRequests() {
        return httpRequests.get();
    }

    public int rejectedTokens() {
        return rejectedTokens.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            httpRequests.incrementAndGet();
            byte[] body = ex.getRequestBody().readNBytes(1024 * 1024);
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (digestAlgorithm != null && !digestOk(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Digest realm=\"IP Camera(C1234)\", nonce=\""
                        + digestNonce + "\", qop=\"auth\", algorithm=" + digestAlgorithm + ", stale=\"FALSE\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            Document request = SafeXml.parse(body, 1024 * 1024);
            Element env = request.getDocumentElement();
            Element first = firstElement(SafeXml.child(env, SOAP12, "Body").orElseThrow());
            synchronized (received) {
                if (received.size() == MAX_RECORDED) {
                    received.remove(0);
                }
                received.add(first);
            }
            String op = first.getLocalName();
            SafeXml.child(env, SOAP12, "Header").ifPresent(h -> lastHeaders.put(op, h));
            URI requestUri = ex.getRequestURI();
            lastPaths.put(op, requestUri.getRawQuery() == null ? requestUri.getRawPath()
                    : requestUri.getRawPath() + "?" + requestUri.getRawQuery());
            if (!op.equals("GetSystemDateAndTime") && !tokenOk(env)) {
                rejectedTokens.incrementAndGet();
                send(ex, 400, fixture("faults/NotAuthorized.xml").orElseThrow());
                return;
            }
            Function<Element, Raw> route = routes.get(op);
            Raw raw = route != null ? route.apply(env) : overrides.get(op);
            if (raw != null) {
                ex.getResponseHeaders().add("Content-Type", raw.contentType());
                long length = raw.body().length == 0 ? -1 : raw.chunked() ? 0 : raw.body().length;
                ex.sendResponseHeaders(raw.status(), length);
                if (raw.body().length > 0) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(raw.body());
                    }
                }
                return;
            }
            if (op.equals("SetSystemDateAndTime")) {
                applyClock(first);
            }
            if (op.startsWith("Set")) {
                String ns = first.getNamespaceURI();
                send(ex, 200, ("<e:Envelope xmlns:e=\"" + SOAP12 + "\"><e:Body><r:" + op + "Response xmlns:r=\""
                        + ns + "\"/></e:Body></e:Envelope>").getBytes(StandardCharsets.UTF_8));
                return;
            }
            Optional<byte[]> fixture = fixture(vendor + "/" + op + ".xml");
            if (fixture.isEmpty()) {
                send(ex, 500, fixture("faults/ActionNotSupported.xml").orElseThrow());
                return;
            }
            send(ex, 200, patch(op, fixture.get()));
        } catch (RuntimeException e) {
            ex.sendResponseHeaders(500, -1);
        }
    }

    private static Element firstElement(Element parent) {
        for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element e) {
                return e;
            }
        }
        throw new IllegalArgumentException("empty Body");
    }

    private boolean tokenOk(Element env) {
        Optional<Element> ut = SafeXml.child(env, SOAP12, "Header")
                .flatMap(h -> SafeXml.child(h, WSSE, "Security"))
                .filter(s -> List.of("true", "1").contains(s.getAttributeNS(SOAP12, "mustUnderstand")))
                .flatMap(s -> SafeXml.child(s, WSSE, "UsernameToken"));
        if (ut.isEmpty()) {
            return false;
        }
        String name = SafeXml.childText(ut.get(), WSSE, "Username").orElse("");
        Optional<Element> pw = SafeXml.child(ut.get(), WSSE, "Password");
        String nonce = SafeXml.childText(ut.get(), WSSE, "Nonce").orElse("");
        String created = SafeXml.childText(ut.get(), WSU, "Created").orElse("");
        if (!name.equals(user) || pw.isEmpty() || !pw.get().getAttribute("Type").endsWith("#PasswordDigest")) {
            return false;
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(Base64.getDecoder().decode(nonce));
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(new String(password).getBytes(StandardCharsets.UTF_8));
            String expected = Base64.getEncoder().encodeToString(sha1.digest());
            Instant deviceNow = Instant.now().plus(clockOffset);
            boolean fresh = Duration.between(Instant.parse(created), deviceNow).abs().compareTo(CREATED_WINDOW) <= 0;
            synchronized (seenNonces) {
                if (!seenNonces.add(nonce)) {
                    return false; // replayed nonce (WSS UsernameToken Profile 1.0 §3.1 advises rejecting)
                }
            }
            return expected.equals(pw.get().getTextContent().strip()) && fresh;
        } catch (Exception e) {
            return false;
        }
    }

    private boolean digestOk(String header) {
        if (header == null || !header.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> p = new HashMap<>();
        for (String part : header.substring(7).split(",\\s*")) {
            int eq = part.indexOf('=');
            String v = part.substring(eq + 1);
            p.put(part.substring(0, eq).strip(), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
        try {
            MessageDigest md = MessageDigest.getInstance(digestAlgorithm);
            String ha1 = hex(md, p.get("username") + ":" + p.get("realm") + ":" + new String(password));
            String ha2 = hex(md, "POST:" + p.get("uri"));
            String expected = hex(md, ha1 + ":" + digestNonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":auth:"
                    + ha2);
            return digestNonce.equals(p.get("nonce")) && "auth".equals(p.get("qop")) && user.equals(p.get("username"))
                    && digestAlgorithm.equals(p.get("algorithm")) && expected.equals(p.get("response"));
        } catch (Exception e) {
            return false;
        }
    }

    private static String hex(MessageDigest md, String s) {
        return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    /** Fixture edits done on the DOM: the device's clock, and XAddrs pointing at this server. */
    private byte[] patch(String op, byte[] fixture) {
        Document doc = SafeXml.parse(fixture, 1024 * 1024);
        if (op.equals("GetSystemDateAndTime")) {
            LocalDateTime now = LocalDateTime.ofInstant(Instant.now().plus(clockOffset), ZoneOffset.UTC);
            Element utc = (Element) doc.getElementsByTagNameNS(TT, "UTCDateTime").item(0);
            Element time = SafeXml.child(utc, TT, "Time").orElseThrow();
            Element date = SafeXml.child(utc, TT, "Date").orElseThrow();
            set(time, "Hour", now.getHour());
            set(time, "Minute", now.getMinute());
            set(time, "Second", now.getSecond());
            set(date, "Year", now.getYear());
            set(date, "Month", now.getMonthValue());
            set(date, "Day", now.getDayOfMonth());
        }
        NodeList all = doc.getElementsByTagNameNS("*", "XAddr");
        for (int i = 0; i < all.getLength(); i++) {
            Node x = all.item(i);
            URI u = URI.create(x.getTextContent().strip());
            if (FIXTURE_HOST.equals(u.getHost())) {
                x.setTextContent(uri(u.getRawPath()).toString());
            }
        }
        // Subscription references (WS-Addressing EndpointReference Address) point at this server too.
        NodeList addresses = doc.getElementsByTagNameNS(WSA, "Address");
        for (int i = 0; i < addresses.getLength(); i++) {
            Node x = addresses.item(i);
            URI u = URI.create(x.getTextContent().strip());
            if (FIXTURE_HOST.equals(u.getHost())) {
                String q = u.getRawQuery();
                x.setTextContent(uri(q == null ? u.getRawPath() : u.getRawPath() + "?" + q).toString());
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(doc), new StreamResult(out));
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like a camera, a Manual SetSystemDateAndTime moves the device clock to the time sent. */
    private void applyClock(Element set) {
        String device = "http://www.onvif.org/ver10/device/wsdl";
        if (!"Manual".equals(SafeXml.childText(set, device, "DateTimeType").orElse(""))) {
            return;
        }
        Element utc = SafeXml.child(set, device, "UTCDateTime").orElseThrow();
        Element time = SafeXml.child(utc, TT, "Time").orElseThrow();
        Element date = SafeXml.child(utc, TT, "Date").orElseThrow();
        Instant sent = LocalDateTime.of(get(date, "Year"), get(date, "Month"), get(date, "Day"), get(time, "Hour"),
                get(time, "Minute"), get(time, "Second")).toInstant(ZoneOffset.UTC);
        clockOffset = Duration.between(Instant.now(), sent);
    }

    private static int get(Element parent, String name) {
        return Integer.parseInt(SafeXml.childText(parent, TT, name).orElseThrow());
    }

    private static void set(Element parent, String name, int value) {
        SafeXml.child(parent, TT, name).orElseThrow().setTextContent(Integer.toString(value));
    }

    /** A classpath fixture's bytes. */
    public static Optional<byte[]> fixture(String path) {
        try (InputStream in = FakeOnvifDevice.class.getResourceAsStream("/fixtures/" + path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", "application/soap+xml; charset=utf-8");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
