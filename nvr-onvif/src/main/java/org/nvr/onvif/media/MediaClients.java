package org.nvr.onvif.media;

import java.util.Optional;
import org.nvr.onvif.device.ServiceEndpoints;
import org.nvr.onvif.soap.SoapClient;

/** Chooses the media service version a device offers. */
public final class MediaClients {
    private MediaClients() {
    }

    /**
     * Media2 when GetServices lists it (needed for H.265 and preferred by the Media2 spec), else Media1; empty
     * when the device lists neither.
     */
    public static Optional<MediaClient> forDevice(SoapClient soap, ServiceEndpoints services) {
        if (services.media2().isPresent()) {
            return Optional.of(new Media2Client(soap, services.media2().get()));
        }
        return services.media1().map(uri -> new Media1Client(soap, uri));
    }
}
