package org.nvr.onvif.events;

import static org.nvr.onvif.soap.Namespaces.EVENTS;
import static org.nvr.onvif.soap.Namespaces.WSA;
import static org.nvr.onvif.soap.Namespaces.WSNT;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.ResponseReader;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.soap.XmlNode;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A pull-point subscription (ONVIF Event Service Specification / ONVIF Core Specification, event handling:
 * real-time pull-point notification interface): created on the event service, then PullMessages, Renew and
 * Unsubscribe go to the subscription reference's address, carrying WS-Addressing {@code wsa:Action} and {@code
 * wsa:To} and the reference parameters as header blocks (WS-Addressing 1.0 Core §3.3), which cameras serving
 * every subscription on one path (Axis) need to tell them apart.
 *
 * <p>Expiry is tracked on our clock: the camera's TerminationTime minus its CurrentTime is the lifetime granted,
 * counted from when we received the answer, so a camera clock that is off does not matter. Not thread-safe: one
 * poller owns it.
 */
public final class PullPointSubscription {
    /** Most messages one PullMessages may ask for. */
    public static final int MAX_MESSAGE_LIMIT = 1024;
    /** Most reference parameters copied into headers. */
    static final int MAX_REFERENCE_PARAMETERS = 8;
    static final String WSA_2004 = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    private static final String CREATE_ACTION = EVENTS + "/EventPortType/CreatePullPointSubscriptionRequest";
    private static final String PULL_ACTION = EVENTS + "/PullPointSubscription/PullMessagesRequest";
    private static final String RENEW_ACTION = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest";
    private static final String UNSUBSCRIBE_ACTION =
            "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest";
    private static final String CONCRETE_SET = "http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet";

    private final SoapClient soap;
    private final Clock clock;
    private final URI address;
    private final List<Element> referenceParameters;
    private final Duration requestedLifetime;
    private final ResponseReader read;
    private Instant expiresAt;
    private Instant terminationTime;

    private PullPointSubscription(SoapClient soap, Clock clock, URI address, List<Element> referenceParameters,
            Duration requestedLifetime) {
        this.soap = soap;
        this.clock = clock;
        this.address = address;
        this.referenceParameters = referenceParameters;
        this.requestedLifetime = requestedLifetime;
        this.read = new ResponseReader(address);
    }

    /**
     * CreatePullPointSubscription on the event service at {@code eventService} with {@code filter} and
     * InitialTerminationTime {@code lifetime} (10 s .. 1 day; cameras commonly allow up to an hour).
     */
    public static PullPointSubscription create(SoapClient soap, URI eventService, TopicFilter filter,
            Duration lifetime, Clock clock) {
        Objects.requireNonNull(soap, "soap");
        Objects.requireNonNull(eventService, "eventService");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(clock, "clock");
        requireLifetime(lifetime);
        Document doc = SafeXml.newDocument();
        Element request = doc.createElementNS(EVENTS, "CreatePullPointSubscription");
        doc.appendChild(request);
        if (!filter.topics().isEmpty()) {
            Element f = doc.createElementNS(EVENTS, "Filter");
            Element expr = doc.createElementNS(WSNT, "TopicExpression");
            expr.setAttributeNS(null, "Dialect", CONCRETE_SET);
            // The expression's tns1: prefix must be declared where the camera reads it.
            SoapClient.declarePrefix(expr, "tns1", Namespaces.TOPICS);
            expr.setTextContent(filter.expression());
            f.appendChild(expr);
            request.appendChild(f);
        }
        Element initial = doc.createElementNS(EVENTS, "InitialTerminationTime");
        initial.setTextContent(lifetime.toString());
        request.appendChild(initial);
        ResponseReader er = new ResponseReader(eventService);
        Element r = er.expect(soap.call(eventService, CREATE_ACTION, request), EVENTS,
                "CreatePullPointSubscriptionResponse");
        Instant received = clock.instant();
        Element ref = er.child(r, EVENTS, "SubscriptionReference");
        Element addressElement = SafeXml.child(ref, WSA, "Address").or(() -> SafeXml.child(ref, WSA_2004, "Address"))
                .orElseThrow(() -> new OnvifProtocolException(eventService, "SubscriptionReference lacks Address"));
        URI address = address(eventService, addressElement.getTextContent().strip());
        List<Element> params = new ArrayList<>();
        Optional<Element> holder = SafeXml.child(ref, addressElement.getNamespaceURI(), "ReferenceParameters");
        if (holder.isPresent()) {
            for (Node c = holder.get().getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e) {
                    if (params.size() == MAX_REFERENCE_PARAMETERS) {
                        throw new OnvifProtocolException(eventService, "more than " + MAX_REFERENCE_PARAMETERS
                                + " reference parameters");
                    }
                    params.add(e);
                }
            }
        }
        PullPointSubscription s = new PullPointSubscription(soap, clock, address, List.copyOf(params), lifetime);
        s.granted(r, WSNT, received, lifetime);
        return s;
    }

    private static void requireLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.compareTo(Duration.ofSeconds(10)) < 0
                || lifetime.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("'lifetime' must be 10 s .. 1 day: " + lifetime);
        }
    }

    private static URI address(URI eventService, String text) {
        try {
            URI u = new URI(text);
            if (!u.isAbsolute() || u.getHost() == null || !u.getScheme().startsWith("http")) {
                throw new OnvifProtocolException(eventService, "subscription Address is not an http URI: " + text);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new OnvifProtocolException(eventService, "subscription Address is not a URI: " + text, e);
        }
    }

    /**
     * Reads CurrentTime and TerminationTime (in {@code ns}, or the other of tev/wsnt) and sets our expiry; without
     * CurrentTime the {@code asked} lifetime counts from {@code received}.
     */
    private void granted(Element response, String ns, Instant received, Duration asked) {
        Optional<String> current = time(response, ns, "CurrentTime");
        String termination = time(response, ns, "TerminationTime").orElseThrow(() -> new OnvifProtocolException(
                address, "<" + response.getLocalName() + "> lacks TerminationTime"));
        try {
            terminationTime = NotificationParser.time(termination);
            Duration granted = current.isPresent()
                    ? Duration.between(NotificationParser.time(current.get()), terminationTime)
                    : asked; // RenewResponse's CurrentTime is optional (WS-BaseNotification §6.1.2)
            if (granted.isNegative()) {
                throw new OnvifProtocolException(address, "TerminationTime " + termination + " before CurrentTime");
            }
            expiresAt = received.plus(granted);
        } catch (IllegalArgumentException e) {
            throw new OnvifProtocolException(address, e.getMessage(), e);
        }
    }

    private static Optional<String> time(Element response, String ns, String name) {
        String other = ns.equals(WSNT) ? EVENTS : WSNT;
        return SafeXml.childText(response, ns, name).or(() -> SafeXml.childText(response, other, name))
                .filter(t -> !t.isEmpty());
    }

    /** The subscription's address, where PullMessages, Renew and Unsubscribe go. */
    public URI address() {
        return address;
    }

    /** The camera's last reported TerminationTime, on the camera's clock. */
    public Instant terminationTime() {
        return terminationTime;
    }

    /** When the subscription ends on our clock, unless renewed. */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** Whether it has ended at {@code now}. */
    public boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    private Element call(String action, Element body, String responseNs, String responseName) {
        List<Element> headers = new ArrayList<>();
        headers.add(XmlNode.text(WSA, "Action", action).toDom());
        headers.add(XmlNode.text(WSA, "To", address.toString()).toDom());
        for (Element p : referenceParameters) {
            Element copy = (Element) SafeXml.newDocument().importNode(p, true);
            copy.getOwnerDocument().appendChild(copy);
            copy.setAttributeNS(WSA, "wsa:IsReferenceParameter", "true");
            headers.add(copy);
        }
        return read.expect(soap.call(address, action, body, headers), responseNs, responseName);
    }

    /**
     * PullMessages: waits up to {@code timeout} (below the SOAP client's timeout) for at most {@code
     * messageLimit} notifications. Malformed notifications are counted and skipped; any beyond the limit are
     * counted as dropped.
     */
    public PullResult pull(Duration timeout, int messageLimit) {
        if (timeout == null || timeout.isNegative() || timeout.compareTo(soap.timeout()) >= 0) {
            throw new IllegalArgumentException("'timeout' must be >= 0 and below the SOAP timeout "
                    + soap.timeout() + ": " + timeout);
        }
        if (messageLimit < 1 || messageLimit > MAX_MESSAGE_LIMIT) {
            throw new IllegalArgumentException("'messageLimit' must be 1.." + MAX_MESSAGE_LIMIT + ": "
                    + messageLimit);
        }
        Element body = XmlNode.of(EVENTS, "PullMessages", XmlNode.text(EVENTS, "Timeout", timeout.toString()),
                XmlNode.text(EVENTS, "MessageLimit", Integer.toString(messageLimit))).toDom();
        Element r = call(PULL_ACTION, body, EVENTS, "PullMessagesResponse");
        Instant received = clock.instant();
        List<OnvifEvent> events = new ArrayList<>();
        int malformed = 0;
        int dropped = 0;
        for (Element n : SafeXml.children(r, WSNT, "NotificationMessage")) {
            if (events.size() + malformed == messageLimit) {
                dropped++;
                continue;
            }
            try {
                events.add(NotificationParser.parse(n));
            } catch (IllegalArgumentException e) {
                malformed++;
            }
        }
        // PullMessagesResponse carries the (possibly extended) TerminationTime; keep our expiry in step.
        if (time(r, EVENTS, "TerminationTime").isPresent()) {
            Duration left = Duration.between(received, expiresAt);
            granted(r, EVENTS, received, left.isNegative() ? Duration.ZERO : left);
        }
        return new PullResult(events, malformed, dropped);
    }

    /** Renew (WS-BaseNotification §6.1) for {@code lifetime} from now. */
    public void renew(Duration lifetime) {
        requireLifetime(lifetime);
        Element body = XmlNode.of(WSNT, "Renew", XmlNode.text(WSNT, "TerminationTime", lifetime.toString()))
                .toDom();
        Element r = call(RENEW_ACTION, body, WSNT, "RenewResponse");
        granted(r, WSNT, clock.instant(), lifetime);
    }

    /**
     * Renews for the requested lifetime when less than a third of it remains at {@code now}, leaving time for a
     * retry before expiry; returns whether it renewed.
     */
    public boolean renewIfDue(Instant now) {
        if (Duration.between(now, expiresAt).compareTo(requestedLifetime.dividedBy(3)) >= 0) {
            return false;
        }
        renew(requestedLifetime);
        return true;
    }

    /** Unsubscribe (WS-BaseNotification §6.2). */
    public void unsubscribe() {
        call(UNSUBSCRIBE_ACTION, XmlNode.of(WSNT, "Unsubscribe").toDom(), WSNT, "UnsubscribeResponse");
    }

    @Override
    public String toString() {
        return "PullPointSubscription[" + address + ", expiresAt=" + expiresAt + "]";
    }
}
