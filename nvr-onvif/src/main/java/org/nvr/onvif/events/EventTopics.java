package org.nvr.onvif.events;

import java.util.Map;
import org.nvr.onvif.soap.Namespaces;

/** Topics the NVR subscribes to, in the ONVIF topic namespace (prefix {@code tns1}). */
public final class EventTopics {
    /** Cell motion detector rule (ONVIF Core / Video Analytics: CellMotionDetector), Data IsMotion. */
    public static final String CELL_MOTION = "tns1:RuleEngine/CellMotionDetector/Motion";
    /** Video source motion alarm (ONVIF Core, event handling: video source topics), Data State. */
    public static final String MOTION_ALARM = "tns1:VideoSource/MotionAlarm";
    /** Tamper: global scene change seen by the imaging service, Data State. */
    public static final String TAMPER = "tns1:VideoSource/GlobalSceneChange/ImagingService";

    /** Namespace to the prefix we write topics with; others are written as {@code {namespace}}. */
    static final Map<String, String> PREFIXES = Map.of(Namespaces.TOPICS, "tns1",
            "http://www.axis.com/2009/event/topics", "tnsaxis");

    private EventTopics() {
    }
}
