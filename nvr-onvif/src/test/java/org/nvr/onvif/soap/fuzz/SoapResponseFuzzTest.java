package org.nvr.onvif.soap.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.time.Duration;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.device.DeviceInformation;
import org.nvr.onvif.media.Media1Client;
import org.nvr.onvif.media.MediaProfile;
import org.nvr.onvif.soap.OnvifException;
import org.nvr.onvif.soap.OnvifFaultException;
import org.nvr.onvif.soap.SoapClient;

/**
 * The SOAP response readers on an arbitrary response body: {@code GetDeviceInformation} ({@link DeviceClient}) and
 * {@code GetProfiles} ({@link Media1Client}) as a camera's 200 answer, and the same bytes as a 500 answer (the SOAP
 * Fault reader). The HTTP exchange is a {@link CannedHttpClient}, so {@code SoapClient}'s bounded body reading,
 * envelope checks and fault mapping all run. Contract: every failure is an {@link OnvifException} (protocol
 * error, fault, HTTP status), which the NVR reports per camera; a 500 answer never yields a result.
 *
 * <p>Seeds in {@code SoapResponseFuzzTestInputs/}: Axis-, Dahua- and Hikvision-shaped GetDeviceInformation and
 * GetProfiles responses and three SOAP faults (the module's {@code fixtures/}).
 */
class SoapResponseFuzzTest {
    private static final URI DEVICE = URI.create("http://192.0.2.20/onvif/device_service");
    private static final URI MEDIA = URI.create("http://192.0.2.20/onvif/media_service");

    private final CannedHttpClient http = new CannedHttpClient();
    private final SoapClient soap = SoapClient.builder().httpClient(http).timeout(Duration.ofSeconds(5)).build();
    private final DeviceClient device = new DeviceClient(soap, DEVICE);
    private final Media1Client media = new Media1Client(soap, MEDIA);

    @FuzzTest(maxDuration = "30s")
    void response(byte[] input) {
        http.answer(200, input);
        try {
            DeviceInformation info = device.deviceInformation();
            assertThat(info.manufacturer()).isNotNull();
        } catch (OnvifException expected) {
            // Reported for this camera; the NVR carries on.
        }
        try {
            for (MediaProfile profile : media.profiles()) {
                assertThat(profile.token()).isNotNull();
            }
        } catch (OnvifException expected) {
            // As above.
        }
        http.answer(500, input);
        try {
            device.deviceInformation();
            throw new AssertionError("an HTTP 500 answer gave a result");
        } catch (OnvifFaultException fault) {
            assertThat(fault.getMessage()).isNotNull();
        } catch (OnvifException expected) {
            // Not a fault: HTTP error or protocol error.
        }
    }
}
