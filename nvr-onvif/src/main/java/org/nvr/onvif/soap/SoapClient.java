package org.nvr.onvif.soap;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.w3c.dom.Element;

/**
 * A SOAP 1.2 client for ONVIF services (ONVIF Core §5), on {@link HttpClient} and DOM.
 *
 * <p>Authentication: every call but {@link #callAnonymous} carries a WS-Security UsernameToken with
 * PasswordDigest (ONVIF Core Specification, security section) whose {@code Created} is our clock plus {@link
 * #clockOffset()}, the camera's clock error learnt from GetSystemDateAndTime (access class PRE_AUTH in the ONVIF Core
 * Specification: anyone may call it). If the camera answers HTTP 401 with a Digest challenge (the ONVIF Core
 * Specification allows HTTP Digest too; Hikvision firmware often insists), the request is retried once with RFC 7616
 * Digest; the challenge is then kept per host so later requests authenticate up front.
 *
 * <p>Limits: one {@code timeout} for each HTTP exchange, headers and body together; bodies over
 * {@code maxResponseBytes} are refused while streaming. Passwords are held as {@code char[]} and never logged.
 *
 * <p>New services (PTZ, Imaging, Events) are thin clients that build an {@link XmlNode} body and read the
 * returned element with {@link org.nvr.onvif.xml.SafeXml}.
 */
public final class SoapClient {
    /** Default per-exchange timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Default response size limit: real ONVIF responses (GetProfiles with 10 profiles) stay under 100 KiB. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
    /** Hosts whose Digest challenge we remember. */
    static final int MAX_DIGEST_HOSTS = 64;
    /** Most extra header blocks one request may carry. */
    public static final int MAX_EXTRA_HEADERS = 16;

    private static final System.Logger LOG = System.getLogger(SoapClient.class.getName());

    private final HttpClient http;
    private final Duration timeout;
    private final int maxResponseBytes;
    private final String username;
    private final char[] password;
    private final Clock clock;
    private final Random random;
    private volatile Duration clockOffset = Duration.ZERO;
    private final Map<String, DigestState> digestByHost = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DigestState> eldest) {
            return size() > MAX_DIGEST_HOSTS;
        }
    };

    private SoapClient(Builder b) {
        this.timeout = b.timeout;
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.maxResponseBytes = b.maxResponseBytes;
        this.username = b.username;
        this.password = b.password;
        this.clock = b.clock;
        this.random = b.random;
    }

    /** A builder with the defaults: 10 s timeout, 1 MiB responses, no credentials, system UTC clock. */
    public static Builder builder() {
        return new Builder();
    }

    /** The camera's clock minus ours, applied to every UsernameToken {@code Created}. */
    public Duration clockOffset() {
        return clockOffset;
    }

    /** Sets the camera clock offset (camera time − our time), e.g. from Device GetSystemDateAndTime. */
    public void setClockOffset(Duration offset) {
        this.clockOffset = Objects.requireNonNull(offset, "offset");
    }

    /** Our clock, the reference of {@link #clockOffset()}. */
    public Clock clock() {
        return clock;
    }

    /** Calls {@code soapAction} with a UsernameToken (when credentials are set); returns the first Body child. */
    public Element call(URI endpoint, String soapAction, XmlNode body) {
        return call(endpoint, soapAction, SoapEnvelope.toElement(body), true);
    }

    /** As {@link #call(URI, String, XmlNode)} with a DOM body (copied; e.g. a configuration read earlier). */
    public Element call(URI endpoint, String soapAction, Element body) {
        return call(endpoint, soapAction, body, true);
    }

    /**
     * Calls without any credentials, for the operations the ONVIF Core Specification puts in access class PRE_AUTH
     * (GetSystemDateAndTime, needed before we can build a token the camera accepts).
     */
    public Element callAnonymous(URI endpoint, String soapAction, XmlNode body) {
        return call(endpoint, soapAction, SoapEnvelope.toElement(body), false);
    }

    /**
     * As {@link #call(URI, String, Element)} with extra SOAP header blocks after the security header, e.g.
     * WS-Addressing {@code wsa:To}/{@code wsa:Action} and a subscription's reference parameters, which the ONVIF
     * Event Service Specification's pull-point operations need on some cameras. The blocks are copied.
     */
    public Element call(URI endpoint, String soapAction, Element body, List<Element> headers) {
        Objects.requireNonNull(headers, "headers");
        if (headers.size() > MAX_EXTRA_HEADERS) {
            throw new IllegalArgumentException("at most " + MAX_EXTRA_HEADERS + " extra header blocks: "
                    + headers.size());
        }
        return call(endpoint, soapAction, body, true, List.copyOf(headers));
    }

    /**
     * Declares {@code prefix} for {@code namespace} on a request element and keeps that declaration when the
     * element is sent, under the same prefix, for QName-valued text (a WS-Topics expression such as {@code
     * tns1:VideoSource/MotionAlarm}). Other declarations on request elements are dropped as before.
     */
    public static Element declarePrefix(Element element, String prefix, String namespace) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(namespace, "namespace");
        element.setAttributeNS(javax.xml.XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + prefix, namespace);
        element.setUserData(SoapEnvelope.KEEP_DECLARATIONS, SoapEnvelope.KEEP_DECLARATIONS, null);
        return element;
    }

    /** The per-exchange timeout, e.g. to keep a PullMessages wait below it. */
    public Duration timeout() {
        return timeout;
    }

    private Element call(URI endpoint, String soapAction, Element body, boolean authenticate) {
        return call(endpoint, soapAction, body, authenticate, List.of());
    }

    private Element call(URI endpoint, String soapAction, Element body, boolean authenticate,
            List<Element> headers) {
        Objects.requireNonNull(endpoint, "endpoint");
        requireHeaderSafe(soapAction);
        boolean withCredentials = authenticate && username != null;
        DigestState digest = withCredentials ? digestFor(endpoint) : null;
        HttpResponse<byte[]> response = send(endpoint, soapAction, body, headers, withCredentials, digest);
        if (response.statusCode() == 401) {
            Optional<DigestChallenge> challenge =
                    DigestChallenge.select(response.headers().allValues("WWW-Authenticate"));
            if (!withCredentials) {
                throw new OnvifAuthException(endpoint, "HTTP 401 for " + soapAction
                        + (authenticate ? " and no credentials configured" : " sent without credentials"), null);
            }
            if (challenge.isEmpty()) {
                throw new OnvifAuthException(endpoint, "HTTP 401 without a Digest challenge we support", null);
            }
            DigestState fresh = new DigestState(challenge.get());
            synchronized (digestByHost) {
                digestByHost.put(hostKey(endpoint), fresh);
            }
            response = send(endpoint, soapAction, body, headers, true, fresh);
            if (response.statusCode() == 401) {
                throw new OnvifAuthException(endpoint, "HTTP Digest credentials refused (HTTP 401 after retry)",
                        null);
            }
        }
        return interpret(endpoint, response);
    }

    private Element interpret(URI endpoint, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SoapEnvelope.responseBody(endpoint, response.body(), maxResponseBytes);
        }
        // SOAP 1.2 Part 2 §7.5.1.2: a Fault comes with 400 (Sender) or 500 (Receiver); read one whenever there is
        // a body, since some cameras use other statuses.
        if (response.body().length > 0) {
            Element first;
            try {
                first = SoapEnvelope.responseBody(endpoint, response.body(), maxResponseBytes);
            } catch (OnvifProtocolException notSoap) {
                throw new OnvifHttpException(endpoint, status);
            }
            throw new OnvifProtocolException(endpoint, "HTTP " + status + " with a non-Fault body <"
                    + first.getNodeName() + ">");
        }
        throw new OnvifHttpException(endpoint, status);
    }

    private HttpResponse<byte[]> send(URI endpoint, String soapAction, Element body, List<Element> headers,
            boolean withToken, DigestState digest) {
        Optional<UsernameToken> token = withToken ? Optional.of(token()) : Optional.empty();
        byte[] payload = SoapEnvelope.request(token, headers, body);
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + soapAction + "\"")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        if (digest != null) {
            rb.header("Authorization", digest.authorize(requestTarget(endpoint), username, password, cnonce()));
        }
        long startNanos = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(rb.build(),
                info -> new BoundedBodySubscriber(maxResponseBytes,
                        info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        try {
            HttpResponse<byte[]> r = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            LOG.log(System.Logger.Level.DEBUG, () -> soapAction + " -> " + endpoint + ": HTTP " + r.statusCode()
                    + " in " + Duration.ofNanos(System.nanoTime() - startNanos).toMillis() + " ms");
            return r;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new OnvifTimeoutException(endpoint, timeout, e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new OnvifIoException(endpoint, "interrupted", e);
        } catch (ExecutionException e) {
            throw mapFailure(endpoint, e.getCause());
        }
    }

    private OnvifException mapFailure(URI endpoint, Throwable cause) {
        Throwable c = cause;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        for (Throwable t = c; t != null; t = t.getCause()) {
            if (t instanceof BoundedBodySubscriber.TooLargeException) {
                return new OnvifProtocolException(endpoint, t.getMessage(), t);
            }
            if (t instanceof HttpTimeoutException) {
                return new OnvifTimeoutException(endpoint, timeout, t);
            }
        }
        return new OnvifIoException(endpoint, "request failed: " + c, c);
    }

    private UsernameToken token() {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Instant created = clock.instant().plus(clockOffset);
        return UsernameToken.create(username, password, nonce, created);
    }

    private String cnonce() {
        byte[] b = new byte[12];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private DigestState digestFor(URI endpoint) {
        synchronized (digestByHost) {
            return digestByHost.get(hostKey(endpoint));
        }
    }

    private static String hostKey(URI endpoint) {
        return endpoint.getScheme() + "://" + endpoint.getRawAuthority();
    }

    private static String requestTarget(URI endpoint) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        return endpoint.getRawQuery() == null ? path : path + "?" + endpoint.getRawQuery();
    }

    private static void requireHeaderSafe(String soapAction) {
        Objects.requireNonNull(soapAction, "soapAction");
        for (int i = 0; i < soapAction.length(); i++) {
            char c = soapAction.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"') {
                throw new IllegalArgumentException("soapAction must be printable ASCII without quotes: "
                        + soapAction);
            }
        }
    }

    /** A remembered Digest challenge and its nonce count (RFC 7616 §3.4: nc increases per request). */
    private static final class DigestState {
        private final DigestChallenge challenge;
        private int nc;

        DigestState(DigestChallenge challenge) {
            this.challenge = challenge;
        }

        synchronized String authorize(String uri, String user, char[] password, String cnonce) {
            return HttpDigest.authorization(challenge, "POST", uri, user, password, cnonce, ++nc);
        }
    }

    /** Configures a {@link SoapClient}. */
    public static final class Builder {
        private HttpClient http;
        private Duration timeout = DEFAULT_TIMEOUT;
        private int maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private String username;
        private char[] password;
        private Clock clock = Clock.systemUTC();
        private Random random = new SecureRandom();

        private Builder() {
        }

        /** The HTTP client to use; by default one without redirects and with connect timeout = timeout. */
        public Builder httpClient(HttpClient client) {
            this.http = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Limit for each HTTP exchange, headers and body together (default 10 s). */
        public Builder timeout(Duration t) {
            if (t == null || t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + t);
            }
            this.timeout = t;
            return this;
        }

        /** Largest response body accepted (default 1 MiB). */
        public Builder maxResponseBytes(int max) {
            if (max < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024: " + max);
            }
            this.maxResponseBytes = max;
            return this;
        }

        /** Credentials for WS-Security and HTTP Digest; the password array is copied. */
        public Builder credentials(String user, char[] pass) {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(pass, "password");
            if (user.isEmpty() || user.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("user name must be non-empty without control characters");
            }
            this.username = user;
            this.password = Arrays.copyOf(pass, pass.length);
            return this;
        }

        /** Our clock (tests pass a fixed one). */
        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /** Source of nonces; {@link SecureRandom} by default, a seeded one in tests. */
        public Builder random(Random r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        public SoapClient build() {
            return new SoapClient(this);
        }
    }

    @Override
    public String toString() {
        return "SoapClient[user=" + username + ", timeout=" + timeout + ", clockOffset=" + clockOffset + "]";
    }

}
