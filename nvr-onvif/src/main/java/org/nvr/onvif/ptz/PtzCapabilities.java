package org.nvr.onvif.ptz;

import java.util.Objects;
import java.util.Optional;

/**
 * What a camera's PTZ node can do (PTZ Service Specification, "PTZ Node": SupportedPTZSpaces,
 * MaximumNumberOfPresets, HomeSupported). A camera without a PTZ service, configuration or node has {@link
 * #none()}: every space empty, no presets, no home.
 *
 * @param nodeToken         the node's token, empty for {@link #none()}
 * @param absolutePanTilt   AbsolutePanTiltPositionSpace (AbsoluteMove pan/tilt)
 * @param absoluteZoom      AbsoluteZoomPositionSpace (AbsoluteMove zoom)
 * @param relativePanTilt   RelativePanTiltTranslationSpace (RelativeMove pan/tilt)
 * @param relativeZoom      RelativeZoomTranslationSpace (RelativeMove zoom)
 * @param continuousPanTilt ContinuousPanTiltVelocitySpace (ContinuousMove pan/tilt)
 * @param continuousZoom    ContinuousZoomVelocitySpace (ContinuousMove zoom)
 * @param panTiltSpeed      PanTiltSpeedSpace (speed of absolute/relative moves and GotoPreset)
 * @param zoomSpeed         ZoomSpeedSpace
 * @param maxPresets        MaximumNumberOfPresets, 0 when presets are unsupported
 * @param homeSupported     HomeSupported
 */
public record PtzCapabilities(String nodeToken, Optional<PtzSpace> absolutePanTilt, Optional<PtzSpace> absoluteZoom,
        Optional<PtzSpace> relativePanTilt, Optional<PtzSpace> relativeZoom, Optional<PtzSpace> continuousPanTilt,
        Optional<PtzSpace> continuousZoom, Optional<PtzSpace> panTiltSpeed, Optional<PtzSpace> zoomSpeed,
        int maxPresets, boolean homeSupported) {
    public PtzCapabilities {
        Objects.requireNonNull(nodeToken, "nodeToken");
        Objects.requireNonNull(absolutePanTilt, "absolutePanTilt");
        Objects.requireNonNull(absoluteZoom, "absoluteZoom");
        Objects.requireNonNull(relativePanTilt, "relativePanTilt");
        Objects.requireNonNull(relativeZoom, "relativeZoom");
        Objects.requireNonNull(continuousPanTilt, "continuousPanTilt");
        Objects.requireNonNull(continuousZoom, "continuousZoom");
        Objects.requireNonNull(panTiltSpeed, "panTiltSpeed");
        Objects.requireNonNull(zoomSpeed, "zoomSpeed");
        if (maxPresets < 0) {
            throw new IllegalArgumentException("maxPresets must be >= 0: " + maxPresets);
        }
    }

    /** A camera that cannot move at all. */
    public static PtzCapabilities none() {
        return new PtzCapabilities("", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 0, false);
    }

    /** Whether any move at all is possible. */
    public boolean canMove() {
        return absolutePanTilt.isPresent() || absoluteZoom.isPresent() || relativePanTilt.isPresent()
                || relativeZoom.isPresent() || continuousPanTilt.isPresent() || continuousZoom.isPresent();
    }

    public boolean presetsSupported() {
        return maxPresets > 0;
    }
}
