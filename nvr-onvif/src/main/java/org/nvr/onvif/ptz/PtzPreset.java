package org.nvr.onvif.ptz;

import java.util.Objects;
import java.util.Optional;

/**
 * A preset (PTZ Service Specification, GetPresets; {@code tt:PTZPreset}).
 *
 * @param token    preset token
 * @param name     preset name, if the camera gives one
 * @param position stored position, if the camera gives it
 */
public record PtzPreset(String token, Optional<String> name, Optional<PtzPosition> position) {
    public PtzPreset {
        PtzChecks.token("token", token);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(position, "position");
    }
}
