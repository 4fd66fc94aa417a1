package org.nvr.onvif.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

class MediaClientTest {
    private static final String TT = Namespaces.SCHEMA;
    private static final char[] PASSWORD = "12345".toCharArray();

    private FakeOnvifDevice device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    /** The media client the factory chooses from the vendor's GetServices/GetCapabilities. */
    private MediaClient media(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, "admin", PASSWORD);
        SoapClient soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        return MediaClients.forDevice(soap, new DeviceClient(soap, device.deviceUri()).discoverServices())
                .orElseThrow();
    }

    private static VideoEncoderConfig config(String token, String name, VideoEncoding enc, int w, int h,
            Double fps, Integer kbps, Integer gov, String profile) {
        return new VideoEncoderConfig(token, name, enc, new Resolution(w, h), Optional.ofNullable(fps),
                Optional.ofNullable(kbps), Optional.ofNullable(gov), Optional.ofNullable(profile));
    }

    @Test
    void axisLikeMedia2() throws IOException {
        MediaClient m = media("axis");
        assertThat(m).isInstanceOf(Media2Client.class);
        List<MediaProfile> profiles = m.profiles();
        assertThat(profiles).extracting(MediaProfile::token)
                .containsExactly("profile_1_h264", "profile_1_h265", "profile_2_h264", "profile_3_jpeg");
        assertThat(profiles.get(0)).isEqualTo(new MediaProfile("profile_1_h264", "profile_1 h264", Optional.of("0"),
                Optional.of(config("default_1_h264", "default_1 h264", VideoEncoding.H264, 2688, 1512, 30.0, 8000, 32,
                        "Main"))));
        assertThat(profiles.get(3).videoSourceToken()).isEmpty();
        assertThat(profiles.get(3).videoEncoder().orElseThrow().frameRateLimitFps()).isEmpty();
        Element getProfiles = device.lastReceived("GetProfiles").orElseThrow();
        assertThat(SafeXml.childText(getProfiles, Namespaces.MEDIA2, "Type")).hasValue("All");

        assertThat(m.streamUri("profile_1_h264", StreamTransport.RTSP_TCP)).isEqualTo(URI.create(
                "rtsp://192.0.2.10/onvif-media/media.amp?profile=profile_1_h264&sessiontimeout=60&streamtype=unicast"));
        Element req = device.lastReceived("GetStreamUri").orElseThrow();
        assertThat(SafeXml.childText(req, Namespaces.MEDIA2, "Protocol")).hasValue("RTSP");
        assertThat(SafeXml.childText(req, Namespaces.MEDIA2, "ProfileToken")).hasValue("profile_1_h264");
        m.streamUri("profile_1_h264", StreamTransport.RTSP_UDP);
        assertThat(SafeXml.childText(device.lastReceived("GetStreamUri").orElseThrow(), Namespaces.MEDIA2,
                "Protocol")).hasValue("RtspUnicast");
        assertThat(m.snapshotUri("profile_1_h264").getPath()).isEqualTo("/onvif-cgi/jpg/image.cgi");

        assertThat(m.videoEncoderConfigurations()).containsExactly(
                config("default_1_h264", "default_1 h264", VideoEncoding.H264, 2688, 1512, 30.0, 8000, 32, "Main"),
                config("default_1_h265", "default_1 h265", VideoEncoding.H265, 2688, 1512, 30.0, 4000, 32, "Main"));
        assertThat(m.videoEncoderConfiguration("default_1_h265").encoding()).isEqualTo(VideoEncoding.H265);
        List<EncodingOptions> options = m.videoEncoderOptions("default_1_h264");
        assertThat(options).hasSize(2);
        assertThat(options.get(0)).isEqualTo(new EncodingOptions(VideoEncoding.H264,
                List.of(new Resolution(2688, 1512), new Resolution(1920, 1080), new Resolution(640, 360)),
                Optional.empty(), List.of(30.0, 25.0, 15.0, 12.5, 10.0, 5.0, 1.0), Optional.of(new IntRange(64, 50000)),
                Optional.of(new IntRange(1, 1023))));
    }

    @Test
    void hikvisionLikeMedia1() throws IOException {
        MediaClient m = media("hikvision");
        assertThat(m).isInstanceOf(Media1Client.class);
        assertThat(m.endpoint()).isEqualTo(device.uri("/onvif/Media"));
        List<MediaProfile> profiles = m.profiles();
        assertThat(profiles).containsExactly(
                new MediaProfile("Profile_1", "mainStream", Optional.of("VideoSource_1"), Optional.of(config(
                        "VideoEncoderToken_1", "VideoEncoderConfig_1", VideoEncoding.H264, 2560, 1440, 25.0, 4096, 50,
                        "Main"))),
                new MediaProfile("Profile_2", "subStream", Optional.of("VideoSource_1"), Optional.of(config(
                        "VideoEncoderToken_2", "VideoEncoderConfig_2", VideoEncoding.H264, 640, 480, 15.0, 512, 30,
                        "Main"))));
        assertThat(m.streamUri("Profile_1", StreamTransport.RTSP_TCP).toString())
                .isEqualTo("rtsp://192.0.2.10:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1");
        Element setup = SafeXml.child(device.lastReceived("GetStreamUri").orElseThrow(), Namespaces.MEDIA1,
                "StreamSetup").orElseThrow();
        assertThat(SafeXml.childText(setup, TT, "Stream")).hasValue("RTP-Unicast");
        assertThat(SafeXml.child(setup, TT, "Transport").flatMap(t -> SafeXml.childText(t, TT, "Protocol")))
                .hasValue("RTSP");
        m.streamUri("Profile_1", StreamTransport.RTSP_UDP);
        Element udp = SafeXml.child(device.lastReceived("GetStreamUri").orElseThrow(), Namespaces.MEDIA1,
                "StreamSetup").orElseThrow();
        assertThat(SafeXml.child(udp, TT, "Transport").flatMap(t -> SafeXml.childText(t, TT, "Protocol")))
                .hasValue("UDP");
        assertThat(m.snapshotUri("Profile_1").toString()).isEqualTo("http://192.0.2.10/onvif-http/snapshot?Profile_1");
        assertThat(m.videoEncoderConfigurations()).extracting(VideoEncoderConfig::token)
                .containsExactly("VideoEncoderToken_1", "VideoEncoderToken_2");
        assertThat(m.videoEncoderConfiguration("VideoEncoderToken_1")).isEqualTo(profiles.get(0).videoEncoder().get());
        assertThat(m.videoEncoderOptions("VideoEncoderToken_1")).containsExactly(new EncodingOptions(
                VideoEncoding.H264, List.of(new Resolution(2560, 1440), new Resolution(1920, 1080),
                        new Resolution(1280, 720)), Optional.of(new IntRange(1, 25)), List.of(),
                Optional.of(new IntRange(32, 16384)), Optional.of(new IntRange(1, 400))));
    }

    @Test
    void dahuaLikeMedia1WithDefaultNamespacesAndMissingFields() throws IOException {
        MediaClient m = media("dahua");
        assertThat(m).isInstanceOf(Media1Client.class);
        List<MediaProfile> profiles = m.profiles();
        assertThat(profiles).hasSize(3);
        assertThat(profiles.get(0).videoEncoder()).hasValue(config("MainStream000", "MainStream", VideoEncoding.H264,
                2688, 1520, null, null, null, null));
        assertThat(profiles.get(1).videoEncoder().orElseThrow().bitrateLimitKbps()).hasValue(768);
        assertThat(profiles.get(2)).isEqualTo(new MediaProfile("MediaProfile00002", "AudioOnly", Optional.empty(),
                Optional.empty()));
        assertThat(m.streamUri("MediaProfile00000", StreamTransport.RTSP_TCP).getRawQuery())
                .isEqualTo("channel=1&subtype=0&unicast=true&proto=Onvif");
        assertThat(m.snapshotUri("MediaProfile00000").getPath()).isEqualTo("/onvifsnapshot/media_service/snapshot");
        assertThat(m.videoEncoderConfigurations()).extracting(VideoEncoderConfig::govLength)
                .containsExactly(Optional.empty(), Optional.of(30));
        assertThat(m.videoEncoderConfiguration("MainStream000").resolution()).isEqualTo(new Resolution(2688, 1520));
        List<EncodingOptions> options = m.videoEncoderOptions("MainStream000");
        assertThat(options).extracting(EncodingOptions::encoding).containsExactly(VideoEncoding.H264,
                VideoEncoding.JPEG);
        assertThat(options.get(0).bitrateKbps()).isEmpty();
    }

    @Test
    void media1SetSendsTheWholeConfigurationWithChangesAndForcePersistence() throws IOException {
        MediaClient m = media("hikvision");
        m.setVideoEncoderConfiguration("VideoEncoderToken_1", VideoEncoderChange.none().withResolution(1920, 1080)
                .withFrameRateLimitFps(20).withBitrateLimitKbps(6144).withGovLength(40));
        Element set = device.lastReceived("SetVideoEncoderConfiguration").orElseThrow();
        Element c = SafeXml.child(set, Namespaces.MEDIA1, "Configuration").orElseThrow();
        assertThat(c.getAttribute("token")).isEqualTo("VideoEncoderToken_1");
        Element res = SafeXml.child(c, TT, "Resolution").orElseThrow();
        assertThat(SafeXml.childText(res, TT, "Width")).hasValue("1920");
        assertThat(SafeXml.childText(res, TT, "Height")).hasValue("1080");
        Element rc = SafeXml.child(c, TT, "RateControl").orElseThrow();
        assertThat(SafeXml.childText(rc, TT, "FrameRateLimit")).hasValue("20");
        assertThat(SafeXml.childText(rc, TT, "BitrateLimit")).hasValue("6144");
        assertThat(SafeXml.child(c, TT, "H264").flatMap(h -> SafeXml.childText(h, TT, "GovLength"))).hasValue("40");
        // Untouched camera fields go back as they came.
        assertThat(SafeXml.childText(c, TT, "SessionTimeout")).hasValue("PT5S");
        assertThat(SafeXml.child(c, TT, "Multicast").flatMap(mc -> SafeXml.childText(mc, TT, "Port"))).hasValue("8860");
        assertThat(SafeXml.childText(set, Namespaces.MEDIA1, "ForcePersistence")).hasValue("true");
    }

    @Test
    void media1SetCreatesMissingOptionalElementsInSchemaOrder() throws IOException {
        MediaClient m = media("dahua");
        m.setVideoEncoderConfiguration("MainStream000", VideoEncoderChange.none().withFrameRateLimitFps(25)
                .withBitrateLimitKbps(4096).withGovLength(50));
        Element c = SafeXml.child(device.lastReceived("SetVideoEncoderConfiguration").orElseThrow(),
                Namespaces.MEDIA1, "Configuration").orElseThrow();
        List<String> order = new java.util.ArrayList<>();
        for (org.w3c.dom.Node n = c.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                order.add(e.getLocalName());
            }
        }
        assertThat(order).containsExactly("Name", "UseCount", "Encoding", "Resolution", "Quality", "RateControl",
                "H264", "Multicast", "SessionTimeout");
        Element rc = SafeXml.child(c, TT, "RateControl").orElseThrow();
        assertThat(SafeXml.childText(rc, TT, "EncodingInterval")).hasValue("1");
        assertThat(SafeXml.child(c, TT, "H264").flatMap(h -> SafeXml.childText(h, TT, "H264Profile")))
                .hasValue("Main");
        // Bitrate alone cannot be set when the camera gave no frame rate to keep.
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("MainStream000",
                VideoEncoderChange.none().withBitrateLimitKbps(2048)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'frameRateLimitFps'");
    }

    @Test
    void media2SetChangesEncodingAndAttributes() throws IOException {
        MediaClient m = media("axis");
        m.setVideoEncoderConfiguration("default_1_h264", VideoEncoderChange.none().withEncoding(VideoEncoding.H265)
                .withFrameRateLimitFps(15).withGovLength(64));
        Element set = device.lastReceived("SetVideoEncoderConfiguration").orElseThrow();
        Element c = SafeXml.child(set, Namespaces.MEDIA2, "Configuration").orElseThrow();
        assertThat(c.getAttribute("token")).isEqualTo("default_1_h264");
        assertThat(c.getAttribute("GovLength")).isEqualTo("64");
        assertThat(c.getAttribute("Profile")).isEqualTo("Main");
        assertThat(SafeXml.childText(c, TT, "Encoding")).hasValue("H265");
        assertThat(SafeXml.child(c, TT, "RateControl").flatMap(r -> SafeXml.childText(r, TT, "FrameRateLimit")))
                .hasValue("15");
        assertThat(SafeXml.child(set, Namespaces.MEDIA2, "ForcePersistence")).isEmpty();
        // The H.264 options offer 12.5 fps (FrameRatesSupported), written as an xs:float.
        m.setVideoEncoderConfiguration("default_1_h264", VideoEncoderChange.none().withFrameRateLimitFps(12.5));
        Element c2 = SafeXml.child(device.lastReceived("SetVideoEncoderConfiguration").orElseThrow(),
                Namespaces.MEDIA2, "Configuration").orElseThrow();
        assertThat(SafeXml.child(c2, TT, "RateControl").flatMap(r -> SafeXml.childText(r, TT, "FrameRateLimit")))
                .hasValue("12.5");
        assertThat(SafeXml.childText(c2, TT, "Encoding")).hasValue("H264");
    }

    @Test
    void valuesOutsideTheCameraOptionsAreRefusedNamingTheFieldBeforeTheSet() throws IOException {
        MediaClient m = media("hikvision");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("VideoEncoderToken_1",
                VideoEncoderChange.none().withBitrateLimitKbps(90_000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'bitrateLimitKbps' 90000 is outside the camera's range 32..16384 for H264");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("VideoEncoderToken_1",
                VideoEncoderChange.none().withResolution(800, 600)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'resolution' 800x600");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("VideoEncoderToken_1",
                VideoEncoderChange.none().withFrameRateLimitFps(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'frameRateLimitFps' 30.0");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("VideoEncoderToken_1",
                VideoEncoderChange.none().withGovLength(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'govLength' 500");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("VideoEncoderToken_1",
                VideoEncoderChange.none().withEncoding(VideoEncoding.H265)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Media1");
        assertThat(device.lastReceived("SetVideoEncoderConfiguration")).isEmpty();
        MediaClient axis = media("axis");
        assertThatThrownBy(() -> axis.setVideoEncoderConfiguration("default_1_h264",
                VideoEncoderChange.none().withFrameRateLimitFps(24)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frame rates");
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() throws IOException {
        MediaClient m = media("hikvision");
        int requests = device.httpRequests();
        assertThatThrownBy(() -> VideoEncoderChange.none().withBitrateLimitKbps(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'bitrateLimitKbps'");
        assertThatThrownBy(() -> VideoEncoderChange.none().withFrameRateLimitFps(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'frameRateLimitFps'");
        assertThatThrownBy(() -> VideoEncoderChange.none().withFrameRateLimitFps(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VideoEncoderChange.none().withGovLength(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'govLength'");
        assertThatThrownBy(() -> VideoEncoderChange.none().withResolution(-640, 480))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'resolution'");
        assertThatThrownBy(() -> VideoEncoderChange.none().withEncoding(VideoEncoding.JPEG))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'encoding'");
        assertThatThrownBy(() -> m.streamUri("", StreamTransport.RTSP_TCP))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'profileToken'");
        assertThatThrownBy(() -> m.setVideoEncoderConfiguration("x".repeat(65), VideoEncoderChange.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'configurationToken'");
        assertThat(device.httpRequests()).isEqualTo(requests);
    }
}
