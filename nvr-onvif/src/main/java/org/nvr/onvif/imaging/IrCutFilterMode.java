package org.nvr.onvif.imaging;

import java.util.Optional;

/** {@code tt:IrCutFilterMode} (ONVIF schema onvif.xsd): filter in (day), out (night), or camera-controlled. */
public enum IrCutFilterMode {
    ON, OFF, AUTO;

    /** The mode for this wire text; empty for text the schema does not define. */
    static Optional<IrCutFilterMode> parse(String text) {
        for (IrCutFilterMode m : values()) {
            if (m.name().equals(text.strip())) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
