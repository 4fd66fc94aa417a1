package org.nvr.onvif.soap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import javax.xml.namespace.QName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.fake.FakeOnvifDevice.Raw;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

class SoapClientTest {
    private static final String USER = "admin&<ops>";
    private static final char[] PASSWORD = "pa\"ss&word<1>".toCharArray();
    private static final XmlNode GET_INFO = XmlNode.of(Namespaces.DEVICE, "GetDeviceInformation");
    private static final String INFO_ACTION = Namespaces.DEVICE + "/GetDeviceInformation";

    private FakeOnvifDevice device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private FakeOnvifDevice fake(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, USER, PASSWORD);
        return device;
    }

    private static SoapClient client(char[] password, Duration timeout) {
        return SoapClient.builder().credentials(USER, password).timeout(timeout).build();
    }

    private static SoapClient client() {
        return client(PASSWORD, Duration.ofSeconds(5));
    }

    @Test
    void sendsTokenAndReturnsFirstBodyChild() throws IOException {
        fake("hikvision");
        Element r = client().call(device.deviceUri(), INFO_ACTION, GET_INFO);
        assertThat(r.getLocalName()).isEqualTo("GetDeviceInformationResponse");
        assertThat(SafeXml.childText(r, Namespaces.DEVICE, "Manufacturer")).hasValue("HIKVISION");
        assertThat(device.rejectedTokens()).isZero();
        // The fake recomputed the digest; the user name with & and < round-tripped through DOM escaping.
        Element received = device.received().get(0);
        Element env = received.getOwnerDocument().getDocumentElement();
        Element ut = SafeXml.child(env, Namespaces.SOAP12, "Header")
                .flatMap(h -> SafeXml.child(h, Namespaces.WSSE, "Security"))
                .flatMap(s -> SafeXml.child(s, Namespaces.WSSE, "UsernameToken")).orElseThrow();
        assertThat(SafeXml.childText(ut, Namespaces.WSSE, "Username")).hasValue(USER);
        assertThat(ut.getOwnerDocument().getDocumentElement().getTextContent()).doesNotContain("pa\"ss");
    }

    @Test
    void bodyTextIsEscapedNotSpliced() throws IOException {
        fake("hikvision");
        String hostile = "</tds:Model><evil/>&amp;";
        client().call(device.deviceUri(), INFO_ACTION,
                XmlNode.of(Namespaces.DEVICE, "GetDeviceInformation", XmlNode.text(Namespaces.DEVICE, "X", hostile)));
        Element got = device.lastReceived("GetDeviceInformation").orElseThrow();
        assertThat(SafeXml.childText(got, Namespaces.DEVICE, "X")).hasValue(hostile);
        assertThatThrownBy(() -> XmlNode.text(Namespaces.DEVICE, "X", "bell\u0007"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("U+0007");
    }

    @Test
    void cameraClockAnHourAheadIsAcceptedOnlyWithTheOffsetApplied() throws IOException {
        fake("axis").clockOffset(Duration.ofHours(1));
        SoapClient soap = client();
        assertThatThrownBy(() -> soap.call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifAuthException.class).hasMessageContaining("NotAuthorized");
        soap.setClockOffset(Duration.ofHours(1));
        assertThat(soap.clockOffset()).isEqualTo(Duration.ofHours(1));
        assertThat(soap.call(device.deviceUri(), INFO_ACTION, GET_INFO).getLocalName())
                .isEqualTo("GetDeviceInformationResponse");
        assertThat(device.rejectedTokens()).isEqualTo(1);
    }

    @Test
    void wrongPasswordIsAnAuthException() throws IOException {
        fake("axis");
        SoapClient soap = client("wrong".toCharArray(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> soap.call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifAuthException.class).hasMessageContaining(device.deviceUri().toString())
                .hasMessageNotContaining("wrong").cause().isInstanceOf(OnvifFaultException.class);
    }

    @Test
    void noCredentialsIsAnAuthException() throws IOException {
        fake("axis");
        SoapClient soap = SoapClient.builder().build();
        assertThatThrownBy(() -> soap.call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifAuthException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MD5", "SHA-256"})
    void httpDigestFallbackThenPreemptive(String algorithm) throws IOException {
        fake("hikvision").requireHttpDigest(algorithm);
        SoapClient soap = client();
        assertThat(soap.call(device.deviceUri(), INFO_ACTION, GET_INFO).getLocalName())
                .isEqualTo("GetDeviceInformationResponse");
        assertThat(device.httpRequests()).isEqualTo(2); // 401 with the challenge, then the digest retry
        soap.call(device.deviceUri(), INFO_ACTION, GET_INFO);
        assertThat(device.httpRequests()).isEqualTo(3); // the remembered challenge authenticates up front, nc=2
        assertThat(device.rejectedTokens()).isZero();
    }

    @Test
    void httpDigestWithWrongPasswordIsAnAuthException() throws IOException {
        fake("hikvision").requireHttpDigest("MD5");
        SoapClient soap = client("wrong".toCharArray(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> soap.call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifAuthException.class).hasMessageContaining("HTTP 401 after retry");
        assertThat(device.httpRequests()).isEqualTo(2);
    }

    @Test
    void actionNotSupportedFaultResolvesThePrefixThroughTheDocument() throws IOException {
        fake("dahua"); // the dahua set has no GetServices; its fault fixture binds the error namespace to "onverr"
        assertThatThrownBy(() -> client().call(device.deviceUri(), Namespaces.DEVICE + "/GetServices",
                XmlNode.of(Namespaces.DEVICE, "GetServices")))
                .isInstanceOfSatisfying(OnvifFaultException.class, f -> {
                    assertThat(f.code()).isEqualTo(new QName(Namespaces.SOAP12, "Receiver"));
                    assertThat(f.subcodes()).containsExactly(new QName(Namespaces.ONVIF_ERROR, "ActionNotSupported"));
                    assertThat(f.hasOnvifSubcode("ActionNotSupported")).isTrue();
                    assertThat(f.reason()).isEqualTo("Optional Action Not Implemented");
                });
    }

    @Test
    void subcodeChainIsReadInOrder() throws IOException {
        fake("axis").override("GetDeviceInformation",
                Raw.soap(400, FakeOnvifDevice.fixture("faults/InvalidArgVal.xml").orElseThrow()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOfSatisfying(OnvifFaultException.class, f -> {
                    assertThat(f.code().getLocalPart()).isEqualTo("Sender");
                    assertThat(f.subcodes()).containsExactly(new QName(Namespaces.ONVIF_ERROR, "InvalidArgVal"),
                            new QName(Namespaces.ONVIF_ERROR, "NoConfig"));
                    assertThat(f.getMessage()).contains("InvalidArgVal / NoConfig");
                });
    }

    @Test
    void faultWithHttp200IsStillAFault() throws IOException {
        fake("axis").override("GetDeviceInformation",
                Raw.soap(200, FakeOnvifDevice.fixture("faults/ActionNotSupported.xml").orElseThrow()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifFaultException.class);
    }

    @Test
    void httpErrorWithoutFaultCarriesTheStatus() throws IOException {
        fake("axis").override("GetDeviceInformation", Raw.soap(503, new byte[0]));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOfSatisfying(OnvifHttpException.class, e -> assertThat(e.status()).isEqualTo(503));
        device.override("GetDeviceInformation", new Raw(500, "text/html", "<html>oops".getBytes(), false));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOfSatisfying(OnvifHttpException.class, e -> assertThat(e.status()).isEqualTo(500));
    }

    @Test
    void malformedXmlIsAProtocolException() throws IOException {
        fake("axis").override("GetDeviceInformation", Raw.soap(200, "<env:Envelope><unclosed>".getBytes()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class).hasMessageContaining("malformed");
    }

    @Test
    void doctypeAndExternalEntitiesAreRefused() throws IOException {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<e:Envelope xmlns:e=\"" + Namespaces.SOAP12 + "\"><e:Body><r>&x;</r></e:Body></e:Envelope>";
        fake("axis").override("GetDeviceInformation", Raw.soap(200, xxe.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class).hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void soap11AndNonSoapDocumentsAreRefused() throws IOException {
        fake("axis").override("GetDeviceInformation", Raw.soap(200, ("<s:Envelope xmlns:s=\"" + Namespaces.SOAP11
                + "\"><s:Body><x/></s:Body></s:Envelope>").getBytes()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class).hasMessageContaining("SOAP 1.1");
        device.override("GetDeviceInformation", Raw.soap(200, "<html/>".getBytes()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class).hasMessageContaining("not a SOAP 1.2 Envelope");
        device.override("GetDeviceInformation", Raw.soap(200, ("<s:Envelope xmlns:s=\"" + Namespaces.SOAP12
                + "\"><s:Body/></s:Envelope>").getBytes()));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class).hasMessageContaining("empty SOAP Body");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void tenMebibyteResponseIsRefused(boolean chunked) throws IOException {
        byte[] big = new byte[10 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        fake("axis").override("GetDeviceInformation",
                new Raw(200, "application/soap+xml", big, chunked));
        assertThatThrownBy(() -> client().call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifProtocolException.class)
                .hasMessageContaining("exceeds the response limit of " + SoapClient.DEFAULT_MAX_RESPONSE_BYTES);
    }

    @Test
    void slowServerTimesOutNamingEndpointAndDuration() throws IOException {
        fake("axis").delay(Duration.ofMillis(1500));
        SoapClient soap = client(PASSWORD, Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> soap.call(device.deviceUri(), INFO_ACTION, GET_INFO))
                .isInstanceOfSatisfying(OnvifTimeoutException.class, e -> {
                    assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
                    assertThat(e.getMessage()).contains(device.deviceUri().toString()).contains("PT0.3S");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
    }

    @Test
    void refusedConnectionIsAnIoException() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + "/onvif/device_service");
        assertThatThrownBy(() -> client().call(closed, INFO_ACTION, GET_INFO))
                .isInstanceOf(OnvifIoException.class).hasMessageContaining(closed.toString());
    }

    @Test
    void builderRefusesBadLimits() {
        assertThatThrownBy(() -> SoapClient.builder().timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> SoapClient.builder().maxResponseBytes(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResponseBytes");
        assertThatThrownBy(() -> SoapClient.builder().credentials("a\r\nb", new char[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client().call(URI.create("http://127.0.0.1:1/"), "a\"b", GET_INFO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("soapAction");
    }
}
