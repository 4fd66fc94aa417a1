package org.nvr.cli.camera;

import java.util.List;

/**
 * The NVR's event kind of an ONVIF topic (as {@link org.nvr.onvif.events.OnvifEvent#topic()} writes it, with the
 * {@code tns1:} prefix whatever the camera bound): {@code onvif.motion}, {@code onvif.tamper} or {@code onvif.other}.
 */
final class OnvifEventKinds {
    static final String MOTION = "onvif.motion";
    static final String TAMPER = "onvif.tamper";
    static final String OTHER = "onvif.other";

    /**
     * Motion topics: the cell motion detector rule and the video source motion alarm (ONVIF Core Specification,
     * event handling; Analytics Service Specification: CellMotionDetector), and the Profile M motion region detector.
     */
    private static final List<String> MOTION_TOPICS = List.of("tns1:RuleEngine/CellMotionDetector/Motion",
            "tns1:VideoSource/MotionAlarm", "tns1:RuleEngine/MotionRegionDetector/Motion");
    /**
     * Tamper topics: global scene change (ImagingService, AnalyticsService, RecordingService sub-topics) and the
     * tamper detector rule (Analytics Service Specification).
     */
    private static final List<String> TAMPER_TOPICS = List.of("tns1:VideoSource/GlobalSceneChange",
            "tns1:RuleEngine/TamperDetector/Tamper");

    private OnvifEventKinds() {
    }

    static String of(String topic) {
        if (matches(topic, MOTION_TOPICS)) {
            return MOTION;
        }
        if (matches(topic, TAMPER_TOPICS)) {
            return TAMPER;
        }
        return OTHER;
    }

    /** The topic itself or one below it ({@code tns1:A/B} covers {@code tns1:A/B/C}, not {@code tns1:A/BC}). */
    private static boolean matches(String topic, List<String> roots) {
        for (String root : roots) {
            if (topic.equals(root) || topic.startsWith(root + "/")) {
                return true;
            }
        }
        return false;
    }
}
