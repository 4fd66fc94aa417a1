package org.nvr.onvif.ptz;

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
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.fake.FakeOnvifDevice;
import org.nvr.onvif.soap.Namespaces;
import org.nvr.onvif.soap.OnvifUnsupportedException;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

class PtzClientTest {
    private static final String TT = Namespaces.SCHEMA;
    private static final String PTZ = Namespaces.PTZ;
    private static final char[] PASSWORD = "12345".toCharArray();
    private static final String GENERIC = "http://www.onvif.org/ver10/tptz/";

    private FakeOnvifDevice device;
    private SoapClient soap;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    /** The PTZ client for the vendor's device, found through GetServices/GetCapabilities like the NVR does. */
    private PtzClient ptz(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        return PtzClient.forDevice(soap, new DeviceClient(soap, device.deviceUri()).discoverServices(),
                device.deviceUri());
    }

    private static SpaceRange r(double min, double max) {
        return new SpaceRange(min, max);
    }

    private static PtzSpace space(String path, SpaceRange x, SpaceRange y) {
        return new PtzSpace(URI.create(GENERIC + path), x, Optional.ofNullable(y));
    }

    @Test
    void ptzDomeCapabilitiesAreReadOnceFromConfigurationsAndNodes() throws IOException {
        PtzClient p = ptz("hikvision-ptz");
        assertThat(p.endpoint()).isEqualTo(device.uri("/onvif/PTZ"));
        PtzCapabilities caps = p.capabilities();
        assertThat(caps).isEqualTo(new PtzCapabilities("PTZNODETOKEN",
                Optional.of(space("PanTiltSpaces/PositionGenericSpace", r(-1, 1), r(-1, 1))),
                Optional.of(space("ZoomSpaces/PositionGenericSpace", r(0, 1), null)),
                Optional.of(space("PanTiltSpaces/TranslationGenericSpace", r(-1, 1), r(-1, 1))),
                Optional.of(space("ZoomSpaces/TranslationGenericSpace", r(-1, 1), null)),
                Optional.of(space("PanTiltSpaces/VelocityGenericSpace", r(-1, 1), r(-1, 1))),
                Optional.of(space("ZoomSpaces/VelocityGenericSpace", r(-1, 1), null)),
                Optional.of(space("PanTiltSpaces/GenericSpeedSpace", r(0, 1), null)),
                Optional.of(space("ZoomSpaces/ZoomGenericSpeedSpace", r(0, 1), null)), 300, true));
        assertThat(p.configurations()).containsExactly(new PtzConfiguration("PTZToken", "PTZ", "PTZNODETOKEN",
                Optional.of(Duration.ofSeconds(5))));
        long ptzRequests = device.receivedIn(PTZ);
        p.capabilities();
        p.configurations();
        assertThat(device.receivedIn(PTZ)).isEqualTo(ptzRequests).isEqualTo(2);
    }

    @Test
    void zoomOnlyCameraPrefersTheGenericSpaceAndRefusesPanTiltBeforeAnyRequest() throws IOException {
        device = new FakeOnvifDevice("dahua-zoom", "admin", PASSWORD);
        soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        PtzClient p = new PtzClient(soap, device.uri("/onvif/ptz_service"));
        PtzCapabilities caps = p.capabilities();
        assertThat(caps.absoluteZoom()).hasValue(space("ZoomSpaces/PositionGenericSpace", r(0, 1), null));
        assertThat(caps.absolutePanTilt()).isEmpty();
        assertThat(caps.continuousPanTilt()).isEmpty();
        assertThat(caps.maxPresets()).isZero();
        assertThat(caps.homeSupported()).isFalse();
        assertThat(p.configurations()).extracting(PtzConfiguration::defaultTimeout).containsExactly(Optional.empty());
        int before = device.httpRequests();
        assertThatThrownBy(() -> p.absoluteMove("MediaProfile000", PtzPosition.of(0.1, 0.2, 0.5), Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class)
                .hasMessageEndingWith("camera has no absolute pan/tilt position space: AbsoluteMove unsupported");
        assertThatThrownBy(() -> p.continuousMove("MediaProfile000", new PtzVelocity(0.5, 0, 0), Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class)
                .hasMessageContaining("continuous pan/tilt velocity space: ContinuousMove unsupported");
        assertThatThrownBy(() -> p.relativeMove("MediaProfile000", PtzPosition.zoom(0.1), Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class).hasMessageContaining("RelativeMove unsupported");
        assertThatThrownBy(() -> p.presets("MediaProfile000")).isInstanceOf(OnvifUnsupportedException.class)
                .hasMessageContaining("GetPresets unsupported");
        assertThatThrownBy(() -> p.setPreset("MediaProfile000", "Door", Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class).hasMessageContaining("SetPreset unsupported");
        assertThatThrownBy(() -> p.gotoHome("MediaProfile000", Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class).hasMessageContaining("GotoHomePosition unsupported");
        assertThatThrownBy(() -> p.absoluteMove("MediaProfile000", PtzPosition.zoom(1.5), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'zoom' 1.5 is outside the camera's range 0..1 of " + GENERIC
                        + "ZoomSpaces/PositionGenericSpace");
        assertThat(device.httpRequests()).isEqualTo(before);

        device.answerEmpty("AbsoluteMove", "ContinuousMove");
        p.absoluteMove("MediaProfile000", PtzPosition.zoom(0.25), Optional.of(new PtzSpeed(1, 0.5)));
        Element abs = device.lastReceived("AbsoluteMove").orElseThrow();
        Element pos = SafeXml.child(abs, PTZ, "Position").orElseThrow();
        assertThat(SafeXml.child(pos, TT, "PanTilt")).isEmpty();
        Element zoom = SafeXml.child(pos, TT, "Zoom").orElseThrow();
        assertThat(zoom.getAttribute("x")).isEqualTo("0.25");
        assertThat(zoom.getAttribute("space")).isEqualTo(GENERIC + "ZoomSpaces/PositionGenericSpace");
        Element speed = SafeXml.child(abs, PTZ, "Speed").orElseThrow();
        assertThat(SafeXml.child(speed, TT, "PanTilt")).as("no pan/tilt speed space").isEmpty();
        assertThat(SafeXml.child(speed, TT, "Zoom").orElseThrow().getAttribute("x")).isEqualTo("0.5");
        // Zero pan/tilt velocity is left out, so a zoom-only camera can zoom continuously.
        p.continuousMove("MediaProfile000", new PtzVelocity(0, 0, -1), Optional.empty());
        Element v = SafeXml.child(device.lastReceived("ContinuousMove").orElseThrow(), PTZ, "Velocity")
                .orElseThrow();
        assertThat(SafeXml.child(v, TT, "PanTilt")).isEmpty();
        assertThat(SafeXml.child(v, TT, "Zoom").orElseThrow().getAttribute("x")).isEqualTo("-1");
    }

    @Test
    void fixedCameraWithoutPtzServiceRefusesEveryOperationWithoutARequest() throws IOException {
        for (String vendor : List.of("axis", "dahua")) {
            PtzClient p = ptz(vendor);
            int before = device.httpRequests();
            assertThat(p.capabilities()).isEqualTo(PtzCapabilities.none());
            assertThat(p.configurations()).isEmpty();
            List<Runnable> ops = List.of(
                    () -> p.continuousMove("Profile_1", new PtzVelocity(0.5, 0, 0), Optional.empty()),
                    () -> p.continuousMove("Profile_1", new PtzVelocity(0, 0, 0.5), Optional.empty()),
                    () -> p.stop("Profile_1", true, true),
                    () -> p.absoluteMove("Profile_1", PtzPosition.of(0, 0, 0), Optional.empty()),
                    () -> p.relativeMove("Profile_1", PtzPosition.panTilt(0.1, 0), Optional.empty()),
                    () -> p.status("Profile_1"),
                    () -> p.presets("Profile_1"),
                    () -> p.setPreset("Profile_1", "Gate", Optional.empty()),
                    () -> p.gotoPreset("Profile_1", "1", Optional.empty()),
                    () -> p.removePreset("Profile_1", "1"),
                    () -> p.gotoHome("Profile_1", Optional.empty()));
            for (Runnable op : ops) {
                assertThatThrownBy(op::run).isInstanceOf(OnvifUnsupportedException.class)
                        .hasMessageContaining("unsupported")
                        .hasMessageStartingWith(device.deviceUri().toString());
            }
            assertThat(device.httpRequests()).isEqualTo(before);
            assertThat(device.receivedIn(PTZ)).isZero();
            device.close();
        }
    }

    @Test
    void advertisedServiceAnsweringActionNotSupportedMeansNoCapabilities() throws IOException {
        // The Hikvision-like fixed dome lists a PTZ service but has no configuration or node behind it.
        PtzClient p = ptz("hikvision");
        assertThat(p.capabilities()).isEqualTo(PtzCapabilities.none());
        assertThat(device.receivedIn(PTZ)).isEqualTo(2);
        assertThatThrownBy(() -> p.continuousMove("Profile_1", new PtzVelocity(1, 1, 0), Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class);
        assertThat(device.receivedIn(PTZ)).isEqualTo(2);
    }

    @Test
    void movesSendTheSpecifiedBodies() throws IOException {
        PtzClient p = ptz("hikvision-ptz");
        device.answerEmpty("ContinuousMove", "Stop", "AbsoluteMove", "RelativeMove", "GotoHomePosition");
        p.continuousMove("Profile_1", new PtzVelocity(0.5, -0.25, 0.125), Optional.of(Duration.ofMillis(1500)));
        Element cm = device.lastReceived("ContinuousMove").orElseThrow();
        assertThat(SafeXml.childText(cm, PTZ, "ProfileToken")).hasValue("Profile_1");
        Element vel = SafeXml.child(cm, PTZ, "Velocity").orElseThrow();
        Element pt = SafeXml.child(vel, TT, "PanTilt").orElseThrow();
        assertThat(pt.getAttribute("x")).isEqualTo("0.5");
        assertThat(pt.getAttribute("y")).isEqualTo("-0.25");
        assertThat(pt.getAttribute("space")).isEqualTo(GENERIC + "PanTiltSpaces/VelocityGenericSpace");
        assertThat(SafeXml.child(vel, TT, "Zoom").orElseThrow().getAttribute("x")).isEqualTo("0.125");
        assertThat(SafeXml.childText(cm, PTZ, "Timeout")).hasValue("PT1.5S");
        assertThat(device.lastPath("ContinuousMove")).hasValue("/onvif/PTZ");

        p.stop("Profile_1", true, false);
        Element stop = device.lastReceived("Stop").orElseThrow();
        assertThat(SafeXml.childText(stop, PTZ, "PanTilt")).hasValue("true");
        assertThat(SafeXml.childText(stop, PTZ, "Zoom")).hasValue("false");

        p.absoluteMove("Profile_1", PtzPosition.of(-1, 1, 0), Optional.of(new PtzSpeed(0.5, 1)));
        Element abs = device.lastReceived("AbsoluteMove").orElseThrow();
        Element pos = SafeXml.child(abs, PTZ, "Position").orElseThrow();
        assertThat(SafeXml.child(pos, TT, "PanTilt").orElseThrow().getAttribute("x")).isEqualTo("-1");
        assertThat(SafeXml.child(pos, TT, "PanTilt").orElseThrow().getAttribute("space"))
                .isEqualTo(GENERIC + "PanTiltSpaces/PositionGenericSpace");
        assertThat(SafeXml.child(pos, TT, "Zoom").orElseThrow().getAttribute("x")).isEqualTo("0");
        Element speed = SafeXml.child(abs, PTZ, "Speed").orElseThrow();
        assertThat(SafeXml.child(speed, TT, "PanTilt").orElseThrow().getAttribute("x")).isEqualTo("0.5");
        assertThat(SafeXml.child(speed, TT, "PanTilt").orElseThrow().getAttribute("space"))
                .isEqualTo(GENERIC + "PanTiltSpaces/GenericSpeedSpace");

        p.relativeMove("Profile_1", PtzPosition.panTilt(0.1, -0.1), Optional.empty());
        Element rel = device.lastReceived("RelativeMove").orElseThrow();
        Element tr = SafeXml.child(rel, PTZ, "Translation").orElseThrow();
        assertThat(SafeXml.child(tr, TT, "PanTilt").orElseThrow().getAttribute("space"))
                .isEqualTo(GENERIC + "PanTiltSpaces/TranslationGenericSpace");
        assertThat(SafeXml.child(tr, TT, "Zoom")).isEmpty();
        assertThat(SafeXml.child(rel, PTZ, "Speed")).isEmpty();

        p.gotoHome("Profile_1", Optional.empty());
        assertThat(device.lastReceived("GotoHomePosition")).isPresent();

        int before = device.httpRequests();
        assertThatThrownBy(() -> p.absoluteMove("Profile_1", PtzPosition.panTilt(0, 1.01), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'tilt' 1.01 is outside");
        assertThatThrownBy(() -> p.absoluteMove("Profile_1", PtzPosition.zoom(-0.1), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'zoom' -0.1 is outside");
        assertThatThrownBy(() -> p.continuousMove("Profile_1", new PtzVelocity(0, 0, 0), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stop()");
        assertThatThrownBy(() -> p.continuousMove("Profile_1", new PtzVelocity(1, 0, 0),
                Optional.of(Duration.ofHours(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'timeout'");
        assertThatThrownBy(() -> p.stop("Profile_1", false, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(device.httpRequests()).isEqualTo(before);
    }

    @Test
    void statusAndPresets() throws IOException {
        PtzClient p = ptz("hikvision-ptz");
        assertThat(p.status("Profile_1")).isEqualTo(new PtzStatus(Optional.of(PtzPosition.of(0.256, -0.5, 0.125)),
                MoveStatus.MOVING, MoveStatus.IDLE, Optional.empty(),
                Optional.of(Instant.parse("2026-03-01T10:15:30Z"))));
        assertThat(SafeXml.childText(device.lastReceived("GetStatus").orElseThrow(), PTZ, "ProfileToken"))
                .hasValue("Profile_1");

        assertThat(p.presets("Profile_1")).containsExactly(
                new PtzPreset("1", Optional.of("Gate"), Optional.of(PtzPosition.of(-0.75, 0.1, 0))),
                new PtzPreset("2", Optional.of("Parking lot"), Optional.of(PtzPosition.of(0.3, -0.2, 0.5))),
                new PtzPreset("33", Optional.of("preset 33"), Optional.empty()));

        device.serve("SetPreset", "hikvision-ptz/SetPreset.xml");
        assertThat(p.setPreset("Profile_1", "Loading bay", Optional.empty())).isEqualTo("4");
        Element set = device.lastReceived("SetPreset").orElseThrow();
        assertThat(SafeXml.childText(set, PTZ, "PresetName")).hasValue("Loading bay");
        assertThat(SafeXml.child(set, PTZ, "PresetToken")).isEmpty();
        assertThat(p.setPreset("Profile_1", "Gate & <yard>", Optional.of("1"))).isEqualTo("4");
        set = device.lastReceived("SetPreset").orElseThrow();
        assertThat(SafeXml.childText(set, PTZ, "PresetName")).hasValue("Gate & <yard>");
        assertThat(SafeXml.childText(set, PTZ, "PresetToken")).hasValue("1");

        device.answerEmpty("GotoPreset", "RemovePreset");
        p.gotoPreset("Profile_1", "2", Optional.of(new PtzSpeed(0.25, 0.75)));
        Element go = device.lastReceived("GotoPreset").orElseThrow();
        assertThat(SafeXml.childText(go, PTZ, "PresetToken")).hasValue("2");
        Element speed = SafeXml.child(go, PTZ, "Speed").orElseThrow();
        assertThat(SafeXml.child(speed, TT, "PanTilt").orElseThrow().getAttribute("y")).isEqualTo("0.25");
        assertThat(SafeXml.child(speed, TT, "Zoom").orElseThrow().getAttribute("x")).isEqualTo("0.75");
        p.removePreset("Profile_1", "33");
        assertThat(SafeXml.childText(device.lastReceived("RemovePreset").orElseThrow(), PTZ, "PresetToken"))
                .hasValue("33");
    }

    @Test
    void actionNotSupportedFromTheCameraIsSurfacedNamingTheOperation() throws IOException {
        PtzClient p = ptz("hikvision-ptz");
        // No route for RelativeMove: the fake answers the ActionNotSupported fault fixture.
        assertThatThrownBy(() -> p.relativeMove("Profile_1", PtzPosition.zoom(0.5), Optional.empty()))
                .isInstanceOf(OnvifUnsupportedException.class)
                .hasMessageContaining("camera answered ActionNotSupported: RelativeMove unsupported")
                .hasRootCauseMessage(device.uri("/onvif/PTZ")
                        + ": SOAP Fault Receiver / ActionNotSupported: Optional Action Not Implemented");
    }

    @Test
    void recordsRefuseBadValues() {
        assertThatThrownBy(() -> new PtzVelocity(1.01, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pan'");
        assertThatThrownBy(() -> new PtzVelocity(0, Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tilt'");
        assertThatThrownBy(() -> new PtzVelocity(0, 0, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'zoom'");
        assertThatThrownBy(() -> new PtzSpeed(-0.1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PanTilt(Double.POSITIVE_INFINITY, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PtzPosition(Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PtzPreset("", Optional.empty(), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'token'");
        assertThatThrownBy(() -> new SpaceRange(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badTokensAndNamesAreRefusedBeforeAnyRequest() throws IOException {
        PtzClient p = ptz("hikvision-ptz");
        p.capabilities();
        int before = device.httpRequests();
        assertThatThrownBy(() -> p.setPreset("Profile_1", "x".repeat(65), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
        assertThatThrownBy(() -> p.setPreset("Profile_1", "Gate\u0007", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable");
        assertThatThrownBy(() -> p.setPreset("Profile_1", " ", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.gotoPreset("Profile_1", "", Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'presetToken'");
        assertThatThrownBy(() -> p.status("Profile\n1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'profileToken'");
        assertThatThrownBy(() -> p.removePreset("p".repeat(65), "1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(device.httpRequests()).isEqualTo(before);
    }
}
