package org.nvr.cli.camera;

import java.net.URI;
import java.util.Objects;
import org.nvr.onvif.device.ClockReading;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.device.ServiceEndpoints;
import org.nvr.onvif.media.MediaClient;
import org.nvr.onvif.media.MediaClients;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.SoapClient;

/**
 * A logged-in ONVIF device: its SOAP client (UsernameTokens already follow the camera's clock), its device
 * service and, on first use, its media service. Not thread-safe: one request's worth of calls. Every call
 * blocks up to the connector's timeout per exchange.
 */
public final class OnvifSession {
    private final URI deviceUrl;
    private final SoapClient soap;
    private final DeviceClient device;
    private final ClockReading clockAtOpen;
    private MediaClient media;
    private ServiceEndpoints services;

    OnvifSession(URI deviceUrl, SoapClient soap, DeviceClient device, ClockReading clockAtOpen) {
        this.deviceUrl = Objects.requireNonNull(deviceUrl, "deviceUrl");
        this.soap = Objects.requireNonNull(soap, "soap");
        this.device = Objects.requireNonNull(device, "device");
        this.clockAtOpen = Objects.requireNonNull(clockAtOpen, "clockAtOpen");
    }

    /** The device service address. */
    public URI deviceUrl() {
        return deviceUrl;
    }

    /** The device service (clock, NTP, services). */
    public DeviceClient device() {
        return device;
    }

    /** The SOAP client, its UsernameTokens following the camera's clock (for the PTZ and event clients). */
    public SoapClient soap() {
        return soap;
    }

    /** The device's services (GetServices, or GetCapabilities on old cameras), read once per session. */
    public ServiceEndpoints services() {
        if (services == null) {
            services = device.discoverServices();
        }
        return services;
    }

    /** The camera's clock as read when the session opened. */
    public ClockReading clockAtOpen() {
        return clockAtOpen;
    }

    /**
     * The media service (Media2 when offered, else Media1), found by GetServices or GetCapabilities.
     *
     * @throws OnvifProtocolException if the device lists no media service
     */
    public MediaClient media() {
        if (media == null) {
            media = MediaClients.forDevice(soap, services()).orElseThrow(
                    () -> new OnvifProtocolException(deviceUrl, "the device lists no media service"));
        }
        return media;
    }
}
