package org.nvr.onvif.ptz;

/** {@code tt:MoveStatus} (PTZ Service Specification, GetStatus); absent or unknown text reads as UNKNOWN. */
public enum MoveStatus {
    IDLE, MOVING, UNKNOWN;

    static MoveStatus parse(String text) {
        switch (text.strip()) {
            case "IDLE":
                return IDLE;
            case "MOVING":
                return MOVING;
            default:
                return UNKNOWN;
        }
    }
}
