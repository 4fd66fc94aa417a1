package org.nvr.onvif.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

class PullPointSubscriptionTest {
    private static final char[] PASSWORD = "12345".toCharArray();
    private static final String WSA = Namespaces.WSA;
    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    private FakeOnvifDevice device;
    private SoapClient soap;
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    /** The event service address the vendor's device advertises (GetServices, or GetCapabilities on Dahua). */
    private URI events(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        return new DeviceClient(soap, device.deviceUri()).discoverServices().find(Namespaces.EVENTS).orElseThrow();
    }

    private static OnvifEvent event(String topic, String utc, PropertyOperation op, Map<String, String> source,
            Map<String, String> data) {
        return new OnvifEvent(topic, Instant.parse(utc), Optional.ofNullable(op), source, data);
    }

    @Test
    void axisLikeCreatePullRenewUnsubscribe() throws IOException {
        URI service = events("axis");
        PullPointSubscription s = PullPointSubscription.create(soap, service, TopicFilter.motionAndTamper(),
                Duration.ofSeconds(60), clock);
        Element create = device.lastReceived("CreatePullPointSubscription").orElseThrow();
        Element expr = SafeXml.child(create, Namespaces.EVENTS, "Filter")
                .flatMap(f -> SafeXml.child(f, Namespaces.WSNT, "TopicExpression")).orElseThrow();
        assertThat(expr.getAttribute("Dialect"))
                .isEqualTo("http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet");
        assertThat(expr.getTextContent()).isEqualTo("tns1:RuleEngine/CellMotionDetector/Motion"
                + "|tns1:VideoSource/MotionAlarm|tns1:VideoSource/GlobalSceneChange/ImagingService");
        // The camera must be able to resolve the prefix inside the expression.
        assertThat(expr.lookupNamespaceURI("tns1")).isEqualTo(Namespaces.TOPICS);
        assertThat(SafeXml.childText(create, Namespaces.EVENTS, "InitialTerminationTime")).hasValue("PT1M");
        assertThat(s.address()).isEqualTo(device.uri("/onvif/services"));
        assertThat(s.terminationTime()).isEqualTo(Instant.parse("2026-03-01T10:01:00Z"));
        // Granted 60 s by the camera's clock (2026), counted on ours (2030).
        assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(60));

        PullResult r = s.pull(Duration.ofSeconds(2), 16);
        assertThat(r.events()).containsExactly(
                event("tns1:VideoSource/MotionAlarm", "2026-03-01T10:00:01.120Z", PropertyOperation.INITIALIZED,
                        Map.of("Source", "0"), Map.of("State", "false")),
                event("tns1:VideoSource/MotionAlarm", "2026-03-01T10:00:04.500Z", PropertyOperation.CHANGED,
                        Map.of("Source", "0"), Map.of("State", "true")),
                event("tns1:Device/tnsaxis:IO/VirtualPort", "2026-03-01T10:00:04.900Z", null, Map.of("port", "1"),
                        Map.of("state", "1")));
        assertThat(r.events().get(1).booleanData("State")).hasValue(true);
        assertThat(r.malformed()).isZero();
        Element pull = device.lastReceived("PullMessages").orElseThrow();
        assertThat(SafeXml.childText(pull, Namespaces.EVENTS, "Timeout")).hasValue("PT2S");
        assertThat(SafeXml.childText(pull, Namespaces.EVENTS, "MessageLimit")).hasValue("16");
        Element header = device.lastHeader("PullMessages").orElseThrow();
        assertThat(SafeXml.childText(header, WSA, "To")).hasValue(s.address().toString());
        assertThat(SafeXml.childText(header, WSA, "Action"))
                .hasValue("http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest");
        Element id = SafeXml.child(header, "http://www.axis.com/2009/event", "SubscriptionId").orElseThrow();
        assertThat(id.getTextContent()).isEqualTo("7");
        assertThat(id.getAttributeNS(WSA, "IsReferenceParameter")).isEqualTo("true");
        // The pull reported 55 s left (TerminationTime not extended).
        assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(55));

        s.renew(Duration.ofSeconds(60));
        assertThat(SafeXml.childText(device.lastReceived("Renew").orElseThrow(), Namespaces.WSNT, "TerminationTime"))
                .hasValue("PT1M");
        assertThat(SafeXml.child(device.lastHeader("Renew").orElseThrow(), "http://www.axis.com/2009/event",
                "SubscriptionId")).isPresent();
        assertThat(s.terminationTime()).isEqualTo(Instant.parse("2026-03-01T10:01:45Z"));
        s.unsubscribe();
        assertThat(device.lastReceived("Unsubscribe")).isPresent();
        assertThat(SafeXml.childText(device.lastHeader("Unsubscribe").orElseThrow(), WSA, "To"))
                .hasValue(s.address().toString());
    }

    @Test
    void dahuaLikeTopicPrefixIsResolvedAndRequestsGoToTheSubscriptionPath() throws IOException {
        URI service = events("dahua");
        assertThat(service).isEqualTo(device.uri("/onvif/event_service"));
        PullPointSubscription s = PullPointSubscription.create(soap, service,
                new TopicFilter(List.of(EventTopics.CELL_MOTION)), Duration.ofSeconds(60), clock);
        assertThat(s.address()).isEqualTo(device.uri("/onvif/event_service/subscription?Idx=3"));
        List<OnvifEvent> events = s.pull(Duration.ZERO, 8).events();
        Map<String, String> source = Map.of("VideoSourceConfigurationToken", "00000",
                "VideoAnalyticsConfigurationToken", "00000", "Rule", "MotionDetectorRule");
        assertThat(events).containsExactly(
                event(EventTopics.CELL_MOTION, "2026-03-01T10:00:08Z", PropertyOperation.CHANGED, source,
                        Map.of("IsMotion", "true")),
                event(EventTopics.CELL_MOTION, "2026-03-01T10:00:09Z", PropertyOperation.CHANGED, source,
                        Map.of("IsMotion", "false")));
        assertThat(events.get(0).source().keySet()).containsExactly("VideoSourceConfigurationToken",
                "VideoAnalyticsConfigurationToken", "Rule");
        assertThat(device.lastPath("PullMessages")).hasValue("/onvif/event_service/subscription?Idx=3");
        assertThat(device.lastPath("CreatePullPointSubscription")).hasValue("/onvif/event_service");
        // RenewResponse without CurrentTime: the requested lifetime counts from receipt.
        clock.advance(Duration.ofSeconds(10));
        s.renew(Duration.ofSeconds(30));
        assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(40));
        assertThat(device.lastPath("Renew")).hasValue("/onvif/event_service/subscription?Idx=3");
        s.unsubscribe();
        assertThat(device.lastPath("Unsubscribe")).hasValue("/onvif/event_service/subscription?Idx=3");
    }

    @Test
    void renewIfDueRenewsWhenLessThanAThirdOfTheLifetimeRemains() throws IOException {
        URI service = events("dahua");
        PullPointSubscription s = PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(60), clock);
        assertThat(SafeXml.child(device.lastReceived("CreatePullPointSubscription").orElseThrow(),
                Namespaces.EVENTS, "Filter")).as("no filter: every event").isEmpty();
        assertThat(s.renewIfDue(T0.plusSeconds(40))).isFalse(); // exactly 20 s = a third left
        assertThat(device.lastReceived("Renew")).isEmpty();
        clock.advance(Duration.ofMillis(40_001));
        assertThat(s.renewIfDue(clock.instant())).isTrue();
        assertThat(device.lastReceived("Renew")).isPresent();
        // Dahua's RenewResponse has no CurrentTime: 60 s from receipt.
        assertThat(s.expiresAt()).isEqualTo(T0.plusMillis(100_001));
        assertThat(s.renewIfDue(clock.instant())).isFalse();
        assertThat(s.expired(T0.plusMillis(100_000))).isFalse();
        assertThat(s.expired(T0.plusMillis(100_001))).isTrue();
    }

    @Test
    void malformedNotificationsAreCountedAndSkipped() throws IOException {
        URI service = events("dahua");
        device.serve("PullMessages", "dahua/PullMessagesMalformed.xml");
        PullPointSubscription s = PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(60), clock);
        PullResult r = s.pull(Duration.ofSeconds(1), 64);
        assertThat(r.events()).extracting(OnvifEvent::topic).containsExactly(EventTopics.CELL_MOTION,
                EventTopics.TAMPER, EventTopics.CELL_MOTION);
        assertThat(r.events().get(1).utcTime()).as("no zone read as UTC")
                .isEqualTo(Instant.parse("2026-03-01T10:00:09Z"));
        assertThat(r.events()).extracting(e -> e.booleanData("IsMotion").orElseThrow()).containsExactly(true, true,
                false);
        assertThat(r.malformed()).isEqualTo(5);
        assertThat(r.dropped()).isZero();

        // Bounded: a limit of 4 reads the first four notifications and counts the rest as dropped.
        PullResult limited = s.pull(Duration.ofSeconds(1), 4);
        assertThat(limited.events()).hasSize(1);
        assertThat(limited.malformed()).isEqualTo(3);
        assertThat(limited.dropped()).isEqualTo(4);
    }

    @Test
    void tooManyItemsInOneMessageIsMalformed() throws IOException {
        URI service = events("dahua");
        StringBuilder items = new StringBuilder();
        for (int i = 0; i <= OnvifEvent.MAX_ITEMS; i++) {
            items.append("<t:SimpleItem Name=\"n").append(i).append("\" Value=\"v\"/>");
        }
        String body = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:b=\"http://docs.oasis-open.org/wsn/b-2\" xmlns:e=\"http://www.onvif.org/ver10/events/wsdl\""
                + " xmlns:t=\"http://www.onvif.org/ver10/schema\" xmlns:tns1=\"http://www.onvif.org/ver10/topics\">"
                + "<s:Body><e:PullMessagesResponse><b:NotificationMessage><b:Topic>tns1:VideoSource/MotionAlarm"
                + "</b:Topic><b:Message><t:Message UtcTime=\"2026-03-01T10:00:00Z\"><t:Data>" + items
                + "</t:Data></t:Message></b:Message></b:NotificationMessage></e:PullMessagesResponse></s:Body>"
                + "</s:Envelope>";
        device.override("PullMessages", FakeOnvifDevice.Raw.soap(200, body.getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        PullPointSubscription s = PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(60), clock);
        PullResult r = s.pull(Duration.ofSeconds(1), 10);
        assertThat(r.events()).isEmpty();
        assertThat(r.malformed()).isEqualTo(1);
        // No TerminationTime in this response: the expiry from Create stands.
        assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(60));
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() throws IOException {
        URI service = events("axis");
        int before = device.httpRequests();
        assertThatThrownBy(() -> new TopicFilter(List.of("tns1:VideoSource/MotionAlarm|tns1:X")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'topics'");
        assertThatThrownBy(() -> new TopicFilter(List.of("tt:VideoSource"))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicFilter(java.util.Collections.nCopies(17, EventTopics.TAMPER)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(5), clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lifetime'");
        assertThat(device.httpRequests()).isEqualTo(before);
        PullPointSubscription s = PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(60), clock);
        before = device.httpRequests();
        assertThatThrownBy(() -> s.pull(Duration.ofSeconds(5), 10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("below the SOAP timeout");
        assertThatThrownBy(() -> s.pull(Duration.ofSeconds(1), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'messageLimit'");
        assertThatThrownBy(() -> s.pull(Duration.ofSeconds(1), 1025)).isInstanceOf(IllegalArgumentException.class);
        assertThat(device.httpRequests()).isEqualTo(before);
    }

    @Test
    void subscriptionReferenceWithoutAnHttpAddressIsAProtocolError() throws IOException {
        URI service = events("axis");
        String body = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:b=\"http://docs.oasis-open.org/wsn/b-2\""
                + " xmlns:e=\"http://www.onvif.org/ver10/events/wsdl\"><s:Body><e:CreatePullPointSubscriptionResponse>"
                + "<e:SubscriptionReference><a:Address>file:///etc/passwd</a:Address></e:SubscriptionReference>"
                + "<b:CurrentTime>2026-03-01T10:00:00Z</b:CurrentTime><b:TerminationTime>2026-03-01T10:01:00Z"
                + "</b:TerminationTime></e:CreatePullPointSubscriptionResponse></s:Body></s:Envelope>";
        device.override("CreatePullPointSubscription", FakeOnvifDevice.Raw.soap(200,
                body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> PullPointSubscription.create(soap, service, TopicFilter.all(),
                Duration.ofSeconds(60), clock)).isInstanceOf(OnvifProtocolException.class)
                .hasMessageContaining("not an http URI");
    }
}
