package org.nvr.onvif.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.w3c.dom.Node;

class ImagingClientTest {
    private static final String TT = Namespaces.SCHEMA;
    private static final String IMG = Namespaces.IMAGING;
    private static final char[] PASSWORD = "12345".toCharArray();

    private FakeOnvifDevice device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.close();
        }
    }

    private ImagingClient imaging(String vendor) throws IOException {
        device = new FakeOnvifDevice(vendor, "admin", PASSWORD);
        SoapClient soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        return new ImagingClient(soap, device.uri("/onvif/Imaging"));
    }

    private static List<String> childNames(Element e) {
        List<String> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) {
                out.add(c.getLocalName());
            }
        }
        return out;
    }

    @Test
    void hikvisionLikeSettingsAndOptions() throws IOException {
        device = new FakeOnvifDevice("hikvision-ptz", "admin", PASSWORD);
        SoapClient soap = SoapClient.builder().credentials("admin", PASSWORD).timeout(Duration.ofSeconds(5)).build();
        // The endpoint is the one GetServices advertises.
        ImagingClient img = new ImagingClient(soap, new DeviceClient(soap, device.deviceUri()).discoverServices()
                .find(Namespaces.IMAGING).orElseThrow());
        assertThat(img.imagingSettings("VideoSource_1")).isEqualTo(new ImagingSettings(Optional.of(50.0),
                Optional.of(50.0), Optional.of(50.0), Optional.empty(), Optional.of(IrCutFilterMode.AUTO)));
        assertThat(SafeXml.childText(device.lastReceived("GetImagingSettings").orElseThrow(), IMG,
                "VideoSourceToken")).hasValue("VideoSource_1");
        assertThat(device.lastPath("GetImagingSettings")).hasValue("/onvif/Imaging");
        FloatRange pct = new FloatRange(0, 100);
        assertThat(img.options("VideoSource_1")).isEqualTo(new ImagingOptions(Optional.of(pct), Optional.of(pct),
                Optional.of(pct), Optional.of(pct), List.of(IrCutFilterMode.ON, IrCutFilterMode.OFF,
                        IrCutFilterMode.AUTO)));
    }

    @Test
    void setSendsTheWholeSettingsWithChangesInSchemaOrderAndForcePersistence() throws IOException {
        ImagingClient img = imaging("hikvision-ptz");
        img.setImagingSettings("VideoSource_1", ImagingChange.none().withBrightness(62.5).withSharpness(30)
                .withIrCutFilter(IrCutFilterMode.OFF));
        Element set = device.lastReceived("SetImagingSettings").orElseThrow();
        assertThat(childNames(set)).containsExactly("VideoSourceToken", "ImagingSettings", "ForcePersistence");
        assertThat(SafeXml.childText(set, IMG, "VideoSourceToken")).hasValue("VideoSource_1");
        assertThat(SafeXml.childText(set, IMG, "ForcePersistence")).hasValue("true");
        Element s = SafeXml.child(set, IMG, "ImagingSettings").orElseThrow();
        // Sharpness was absent and is inserted where tt:ImagingSettings20 puts it.
        assertThat(childNames(s)).containsExactly("BacklightCompensation", "Brightness", "ColorSaturation",
                "Contrast", "Exposure", "IrCutFilter", "Sharpness", "WideDynamicRange", "WhiteBalance");
        assertThat(SafeXml.childText(s, TT, "Brightness")).hasValue("62.5");
        assertThat(SafeXml.childText(s, TT, "Sharpness")).hasValue("30");
        assertThat(SafeXml.childText(s, TT, "IrCutFilter")).hasValue("OFF");
        assertThat(SafeXml.childText(s, TT, "Contrast")).hasValue("50.000000");
        assertThat(SafeXml.child(s, TT, "Exposure").flatMap(e -> SafeXml.childText(e, TT, "MaxExposureTime")))
                .hasValue("40000.000000");
    }

    @Test
    void axisLikeCameraWithoutIrCutFilter() throws IOException {
        ImagingClient img = imaging("axis");
        assertThat(img.imagingSettings("0")).isEqualTo(new ImagingSettings(Optional.of(60.0), Optional.of(55.0),
                Optional.of(45.0), Optional.of(50.0), Optional.empty()));
        assertThat(img.options("0").irCutFilterModes()).isEmpty();
        img.setImagingSettings("0", ImagingChange.none().withContrast(70).withColorSaturation(0));
        Element s = SafeXml.child(device.lastReceived("SetImagingSettings").orElseThrow(), IMG, "ImagingSettings")
                .orElseThrow();
        assertThat(SafeXml.childText(s, TT, "Contrast")).hasValue("70");
        assertThat(SafeXml.childText(s, TT, "ColorSaturation")).hasValue("0");
        assertThat(SafeXml.childText(s, TT, "Brightness")).hasValue("60");
        // The vendor extension goes back as it came.
        Element ext = SafeXml.child(s, TT, "Extension").orElseThrow();
        assertThat(SafeXml.childText(ext, "http://www.axis.com/vapix/ws/onvif", "ToneMapping")).hasValue("1");
        assertThat(SafeXml.child(s, TT, "IrCutFilter")).isEmpty();
    }

    @Test
    void valuesOutsideTheOptionsAreRefusedNamingTheFieldBeforeTheSet() throws IOException {
        ImagingClient img = imaging("axis");
        assertThatThrownBy(() -> img.setImagingSettings("0", ImagingChange.none().withBrightness(150)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'brightness' 150 is outside the camera's range 0..100");
        assertThatThrownBy(() -> img.setImagingSettings("0", ImagingChange.none().withSharpness(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'sharpness' -1");
        assertThatThrownBy(() -> img.setImagingSettings("0", ImagingChange.none()
                .withIrCutFilter(IrCutFilterMode.ON)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'irCutFilter' ON is not among the camera's modes []");
        assertThat(device.lastReceived("SetImagingSettings")).isEmpty();
        assertThat(device.lastReceived("GetImagingSettings")).as("refused before reading the settings").isEmpty();
    }

    @Test
    void badInputIsRefusedBeforeAnyRequest() throws IOException {
        ImagingClient img = imaging("axis");
        assertThatThrownBy(() -> ImagingChange.none().withBrightness(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'brightness'");
        assertThatThrownBy(() -> ImagingChange.none().withContrast(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'contrast'");
        assertThatThrownBy(() -> img.setImagingSettings("0", ImagingChange.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'change'");
        assertThatThrownBy(() -> img.imagingSettings("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'videoSourceToken'");
        assertThatThrownBy(() -> img.options("v".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloatRange(5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(device.httpRequests()).isZero();
    }
}
