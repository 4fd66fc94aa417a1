package org.nvr.onvif.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.fake.FakeOnvifDevice.Raw;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

class DeviceClientTest {
    private static final String USER = "admin";
    private static final char[] PASSWORD = "12345".toCharArray();

    private FakeOnvifDevice device;
    private SoapClient soap;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private DeviceClient client(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, USER, PASSWORD);
        soap = SoapClient.builder().credentials(USER, PASSWORD).timeout(Duration.ofSeconds(5)).build();
        return new DeviceClient(soap, device.deviceUri());
    }

    @Test
    void axisLikeDevice() throws IOException {
        DeviceClient d = client("axis");
        assertThat(d.deviceInformation()).isEqualTo(
                new DeviceInformation("AXIS", "P3265-LVE", "11.8.64", "B8A44F000001", "A13"));
        ServiceEndpoints services = d.discoverServices();
        assertThat(services.media2()).hasValue(device.uri("/onvif/services"));
        assertThat(services.media1()).hasValue(device.uri("/onvif/services"));
        assertThat(services.find(Namespaces.EVENTS)).isPresent();
        assertThat(d.capabilities().byNamespace()).containsOnlyKeys(Namespaces.DEVICE, Namespaces.MEDIA1,
                Namespaces.EVENTS);
        ClockReading clock = d.systemDateAndTime();
        assertThat(clock.ntp()).isTrue();
        assertThat(clock.daylightSavings()).isTrue();
        assertThat(clock.timeZone()).hasValue("CET-1CEST,M3.5.0,M10.5.0/3");
        assertThat(clock.wrongClock()).isFalse();
        assertThat(d.ntp()).isEqualTo(new NtpSettings(false, List.of(),
                List.of(new NetworkHost(NetworkHost.Type.DNS, "pool.ntp.org"),
                        new NetworkHost(NetworkHost.Type.IPV4, "192.0.2.1"))));
        assertThat(d.networkInterfaces()).containsExactly(new NetworkInterfaceInfo("eth0", true, Optional.of("eth0"),
                Optional.of("b8:a4:4f:00:00:01"), true, true, List.of("169.254.10.20/16", "192.0.2.10/24")));
    }

    @Test
    void hikvisionLikeDevice() throws IOException {
        DeviceClient d = client("hikvision");
        assertThat(d.deviceInformation().model()).isEqualTo("DS-2CD2143G2-I");
        assertThat(d.deviceInformation().firmwareVersion()).isEqualTo("V5.7.3 build 220112");
        ServiceEndpoints services = d.discoverServices();
        assertThat(services.media2()).isEmpty();
        assertThat(services.media1()).hasValue(device.uri("/onvif/Media"));
        assertThat(services.find(Namespaces.PTZ)).hasValue(device.uri("/onvif/PTZ"));
        assertThat(services.find("http://www.onvifext.com/onvif/ext/ver10/wsdl")).isPresent();
        assertThat(d.capabilities().byNamespace()).containsEntry(Namespaces.IMAGING, device.uri("/onvif/Imaging"))
                .containsEntry(Namespaces.MEDIA1, device.uri("/onvif/Media")).hasSize(4);
        ClockReading clock = d.systemDateAndTime();
        assertThat(clock.ntp()).isFalse();
        assertThat(clock.timeZone()).hasValue("CST-8:00:00");
        assertThat(d.ntp()).isEqualTo(new NtpSettings(false, List.of(),
                List.of(new NetworkHost(NetworkHost.Type.IPV4, "192.0.2.123"))));
        assertThat(d.networkInterfaces()).containsExactly(new NetworkInterfaceInfo("eth0", true, Optional.of("eth0"),
                Optional.of("c0:56:e3:00:00:02"), true, false, List.of("192.0.2.10/24")));
    }

    @Test
    void dahuaLikeDeviceWithDefaultNamespacesAndMissingFields() throws IOException {
        DeviceClient d = client("dahua");
        assertThat(d.deviceInformation()).isEqualTo(new DeviceInformation("General", "IPC-HDW2431T-AS-S2",
                "2.800.0000000.16.R, Build Date 2021-06-01", "7H0000000000001", ""));
        // No GetServices: ActionNotSupported, then GetCapabilities, whose Media XAddr says 0.0.0.0.
        ServiceEndpoints services = d.discoverServices();
        assertThat(services.media1()).hasValue(URI.create("http://127.0.0.1:" + device.deviceUri().getPort()
                + "/onvif/media_service"));
        assertThat(services.media2()).isEmpty();
        ClockReading clock = d.systemDateAndTime();
        assertThat(clock.timeZone()).isEmpty();
        assertThat(clock.ntp()).isFalse();
        assertThat(d.ntp()).isEqualTo(new NtpSettings(true,
                List.of(new NetworkHost(NetworkHost.Type.DNS, "time.example.net")), List.of()));
        assertThat(d.networkInterfaces()).containsExactly(new NetworkInterfaceInfo("eth0", true, Optional.empty(),
                Optional.of("3c:ef:8c:00:00:03"), true, false, List.of("192.0.2.10/24")));
    }

    @Test
    void clockOffsetIsLearntWithoutCredentialsAndAppliedToTokens() throws IOException {
        DeviceClient d = client("axis");
        device.clockOffset(Duration.ofHours(1));
        ClockReading r = d.synchronizeTokenClock();
        // The camera reports whole seconds: the offset is one hour within about a second.
        assertThat(r.offset().minus(Duration.ofHours(1)).abs()).isLessThan(Duration.ofMillis(1500));
        assertThat(r.wrongClock()).isTrue();
        assertThat(soap.clockOffset()).isEqualTo(r.offset());
        assertThat(d.deviceInformation().manufacturer()).isEqualTo("AXIS");
        assertThat(device.rejectedTokens()).isZero();
        Element sent = device.received().get(0);
        assertThat(SafeXml.child(sent.getOwnerDocument().getDocumentElement(), Namespaces.SOAP12, "Header"))
                .isEmpty(); // GetSystemDateAndTime went out without a Security header
    }

    @Test
    void setClockManualSendsOurUtcTimeAndKeepsZoneAndDst() throws IOException {
        DeviceClient d = client("axis");
        soap.setClockOffset(Duration.ofMinutes(3));
        Instant before = Instant.now().minusSeconds(1);
        device.clockOffset(Duration.ofMinutes(3));
        d.setClockManualFromOurs();
        assertThat(soap.clockOffset()).isZero();
        Element set = device.lastReceived("SetSystemDateAndTime").orElseThrow();
        assertThat(SafeXml.childText(set, Namespaces.DEVICE, "DateTimeType")).hasValue("Manual");
        assertThat(SafeXml.childText(set, Namespaces.DEVICE, "DaylightSavings")).hasValue("true");
        assertThat(SafeXml.child(set, Namespaces.DEVICE, "TimeZone")
                .flatMap(z -> SafeXml.childText(z, Namespaces.SCHEMA, "TZ"))).hasValue("CET-1CEST,M3.5.0,M10.5.0/3");
        Element utc = SafeXml.child(set, Namespaces.DEVICE, "UTCDateTime").orElseThrow();
        Element date = SafeXml.child(utc, Namespaces.SCHEMA, "Date").orElseThrow();
        assertThat(SafeXml.childText(date, Namespaces.SCHEMA, "Year"))
                .hasValue(Integer.toString(before.atZone(java.time.ZoneOffset.UTC).getYear()));
        d.setClockFromNtp();
        Element ntp = device.lastReceived("SetSystemDateAndTime").orElseThrow();
        assertThat(SafeXml.childText(ntp, Namespaces.DEVICE, "DateTimeType")).hasValue("NTP");
        assertThat(SafeXml.child(ntp, Namespaces.DEVICE, "UTCDateTime")).isEmpty();
    }

    @Test
    void setNtpWritesTypedHostsAndRefusesBadOnesBeforeAnyRequest() throws IOException {
        DeviceClient d = client("hikvision");
        d.setNtp(false, List.of(NetworkHost.of("pool.ntp.org"), NetworkHost.of("192.0.2.1"),
                NetworkHost.of("2001:db8::1")));
        Element set = device.lastReceived("SetNTP").orElseThrow();
        assertThat(SafeXml.childText(set, Namespaces.DEVICE, "FromDHCP")).hasValue("false");
        List<Element> manual = SafeXml.children(set, Namespaces.DEVICE, "NTPManual");
        assertThat(manual).hasSize(3);
        assertThat(SafeXml.childText(manual.get(0), Namespaces.SCHEMA, "DNSname")).hasValue("pool.ntp.org");
        assertThat(SafeXml.childText(manual.get(1), Namespaces.SCHEMA, "IPv4Address")).hasValue("192.0.2.1");
        assertThat(SafeXml.childText(manual.get(2), Namespaces.SCHEMA, "Type")).hasValue("IPv6");
        int requests = device.httpRequests();
        assertThatThrownBy(() -> NetworkHost.of("bad host<name>")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'address'");
        assertThatThrownBy(() -> new NetworkHost(NetworkHost.Type.IPV4, "300.1.1.1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.setNtp(false, java.util.Collections.nCopies(9, NetworkHost.of("a.example"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'manual'");
        assertThat(device.httpRequests()).isEqualTo(requests);
    }

    @Test
    void responsesMissingRequiredElementsAreProtocolErrors() throws IOException {
        DeviceClient d = client("axis");
        device.override("GetDeviceInformation", Raw.soap(200, ("<e:Envelope xmlns:e=\"" + Namespaces.SOAP12
                + "\"><e:Body><d:GetDeviceInformationResponse xmlns:d=\"" + Namespaces.DEVICE
                + "\"><d:Manufacturer>X</d:Manufacturer></d:GetDeviceInformationResponse></e:Body></e:Envelope>")
                .getBytes()));
        assertThatThrownBy(d::deviceInformation).isInstanceOf(OnvifProtocolException.class)
                .hasMessageContaining("lacks required element Model");
        device.override("GetSystemDateAndTime", Raw.soap(200, ("<e:Envelope xmlns:e=\"" + Namespaces.SOAP12
                + "\"><e:Body><d:GetSystemDateAndTimeResponse xmlns:d=\"" + Namespaces.DEVICE
                + "\"><d:SystemDateAndTime/></d:GetSystemDateAndTimeResponse></e:Body></e:Envelope>").getBytes()));
        assertThatThrownBy(d::systemDateAndTime).isInstanceOf(OnvifProtocolException.class)
                .hasMessageContaining("UTCDateTime");
        device.override("GetNTP", Raw.soap(200, ("<e:Envelope xmlns:e=\"" + Namespaces.SOAP12
                + "\"><e:Body><x:Other xmlns:x=\"urn:x\"/></e:Body></e:Envelope>").getBytes()));
        assertThatThrownBy(d::ntp).isInstanceOf(OnvifProtocolException.class).hasMessageContaining("GetNTPResponse");
    }
}
