package org.nvr.onvif.events;

import java.util.Optional;

/**
 * {@code tt:PropertyOperation} (ONVIF Core Specification, event handling: properties): Initialized when a
 * subscription starts (the current state), Changed on a change, Deleted when the property goes away.
 */
public enum PropertyOperation {
    INITIALIZED("Initialized"), CHANGED("Changed"), DELETED("Deleted");

    private final String wire;

    PropertyOperation(String wire) {
        this.wire = wire;
    }

    /** The attribute value on the wire. */
    public String wire() {
        return wire;
    }

    static Optional<PropertyOperation> parse(String text) {
        for (PropertyOperation p : values()) {
            if (p.wire.equals(text)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
