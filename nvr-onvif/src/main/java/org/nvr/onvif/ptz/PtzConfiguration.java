package org.nvr.onvif.ptz;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A PTZ configuration (PTZ Service Specification, GetConfigurations; {@code tt:PTZConfiguration}).
 *
 * @param token          configuration token
 * @param name           configuration name
 * @param nodeToken      the node it drives
 * @param defaultTimeout DefaultPTZTimeout, the camera's ContinuousMove timeout when none is sent
 */
public record PtzConfiguration(String token, String name, String nodeToken, Optional<Duration> defaultTimeout) {
    public PtzConfiguration {
        PtzChecks.token("token", token);
        Objects.requireNonNull(name, "name");
        PtzChecks.token("nodeToken", nodeToken);
        Objects.requireNonNull(defaultTimeout, "defaultTimeout");
    }
}
