package org.nvr.cli.camera;

import java.util.Objects;
import org.nvr.core.model.GapCause;

/**
 * Why a camera was not recorded before a stream starts, for the gap from the end of its footage until now.
 *
 * @param cause  the gap's cause
 * @param detail the gap's detail (no secrets)
 */
public record Interruption(GapCause cause, String detail) {
    /** The NVR was not running. */
    public static final Interruption RESTART = new Interruption(GapCause.RESTART, "NVR not running");
    /** An admin disabled recording of the camera (the NVR stopped it on purpose: RESTART is the nearest cause). */
    public static final Interruption DISABLED = new Interruption(GapCause.RESTART, "recording disabled");

    /** The camera's settings changed in nvr.yaml and a configuration reload restarted it. */
    public static final Interruption RECONFIGURED = new Interruption(GapCause.RESTART,
            "camera changed in nvr.yaml");
    /** An admin changed the settings of a camera added through the API, which restarted it. */
    public static final Interruption UPDATED = new Interruption(GapCause.RESTART, "camera settings changed");

    public Interruption {
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(detail, "detail");
    }
}
