package org.nvr.cli.camera;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.nvr.core.time.NvrClock;
import org.nvr.onvif.device.ClockReading;
import org.nvr.onvif.device.DeviceClient;
import org.nvr.onvif.media.MediaClient;
import org.nvr.onvif.media.MediaProfile;
import org.nvr.onvif.media.ProfilePicker;
import org.nvr.onvif.media.StreamTransport;
import org.nvr.onvif.soap.OnvifProtocolException;
import org.nvr.onvif.soap.SoapClient;
import org.nvr.storage.cameras.StoredStream;

/**
 * Logs in to ONVIF devices for the admin API. Every SOAP exchange is bounded by {@code timeout}; the calls block,
 * so they run on the admin endpoint's blocking executor, never on an event loop.
 */
public final class OnvifConnector {
    /** Per-exchange timeout by default: a camera on the LAN answers in well under a second. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Duration timeout;
    private final NvrClockAdapter clock;

    /**
     * @param timeout bound on each SOAP exchange, headers and body
     * @param clock   our clock, the reference of the camera clock offset
     */
    public OnvifConnector(Duration timeout, NvrClock clock) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = new NvrClockAdapter(clock);
    }

    /** Our clock as the ONVIF client reads it (UTC). */
    public Clock clock() {
        return clock;
    }

    /**
     * Reads the device's clock (GetSystemDateAndTime needs no credentials) and makes the session's UsernameTokens
     * follow it, so a camera whose clock is off still accepts them.
     */
    public OnvifSession open(URI deviceUrl, Optional<String> username, Optional<String> password) {
        return open(deviceUrl, username, password, timeout);
    }

    /**
     * As {@link #open(URI, Optional, Optional)} with another per-exchange timeout: event pull points are long
     * polls, whose SOAP timeout must exceed the pull's wait.
     */
    public OnvifSession open(URI deviceUrl, Optional<String> username, Optional<String> password,
                             Duration exchangeTimeout) {
        SoapClient.Builder builder = SoapClient.builder().timeout(exchangeTimeout).clock(clock);
        if (username.isPresent() && password.isPresent()) {
            builder.credentials(username.get(), password.get().toCharArray());
        }
        SoapClient soap = builder.build();
        DeviceClient device = new DeviceClient(soap, deviceUrl);
        ClockReading reading = device.synchronizeTokenClock();
        return new OnvifSession(deviceUrl, soap, device, reading);
    }

    /**
     * The streams to record (ONVIF Media Service / Media2 Service Specifications, GetProfiles and GetStreamUri over
     * RTSP/TCP): main = the highest-resolution H.264 profile, sub = the lowest other one, as {@link ProfilePicker}
     * chooses.
     *
     * @throws OnvifProtocolException when no profile has an H.264 or H.265 encoder
     */
    public List<StoredStream> streams(OnvifSession session) {
        MediaClient media = session.media();
        List<MediaProfile> profiles = media.profiles();
        ProfilePicker.MainAndSub pick = ProfilePicker.pick(profiles).orElseThrow(() -> new OnvifProtocolException(
                session.deviceUrl(), "no H.264 or H.265 profile among the camera's " + profiles.size()
                + " profiles"));
        List<StoredStream> streams = new ArrayList<>();
        streams.add(stream("main", media, pick.main(), session.deviceUrl()));
        pick.sub().ifPresent(sub -> streams.add(stream("sub", media, sub, session.deviceUrl())));
        return streams;
    }

    private static StoredStream stream(String name, MediaClient media, MediaProfile profile, URI device) {
        URI uri = media.streamUri(profile.token(), StreamTransport.RTSP_TCP);
        if (!"rtsp".equalsIgnoreCase(uri.getScheme())) {
            throw new OnvifProtocolException(device, "GetStreamUri for profile " + profile.token()
                    + " gave a " + uri.getScheme() + " URI, not rtsp");
        }
        return new StoredStream(name, withoutUserInfo(uri.toString()), Optional.of(profile.token()));
    }

    /** Some firmware puts the credentials into the stream URI; they are kept apart, never in a shown URL. */
    static String withoutUserInfo(String url) {
        int start = url.indexOf("://") + 3;
        int end = url.indexOf('/', start);
        String authority = end < 0 ? url.substring(start) : url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at < 0) {
            return url;
        }
        return url.substring(0, start) + authority.substring(at + 1) + (end < 0 ? "" : url.substring(end));
    }
}
