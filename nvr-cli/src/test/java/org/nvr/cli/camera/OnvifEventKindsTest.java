package org.nvr.cli.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OnvifEventKindsTest {
    @Test
    void motionTopicsOfTheCoreAndAnalyticsSpecificationsAreMotion() {
        // Dahua-like cell motion rule, Axis-like video source alarm, Profile M region detector.
        assertThat(OnvifEventKinds.of("tns1:RuleEngine/CellMotionDetector/Motion")).isEqualTo("onvif.motion");
        assertThat(OnvifEventKinds.of("tns1:VideoSource/MotionAlarm")).isEqualTo("onvif.motion");
        assertThat(OnvifEventKinds.of("tns1:RuleEngine/MotionRegionDetector/Motion")).isEqualTo("onvif.motion");
    }

    @Test
    void sceneChangeAndTamperRulesAreTamper() {
        assertThat(OnvifEventKinds.of("tns1:VideoSource/GlobalSceneChange/ImagingService")).isEqualTo("onvif.tamper");
        assertThat(OnvifEventKinds.of("tns1:VideoSource/GlobalSceneChange/AnalyticsService"))
                .isEqualTo("onvif.tamper");
        assertThat(OnvifEventKinds.of("tns1:RuleEngine/TamperDetector/Tamper")).isEqualTo("onvif.tamper");
    }

    @Test
    void anythingElseIsOtherIncludingLookalikePrefixes() {
        assertThat(OnvifEventKinds.of("tns1:Device/tnsaxis:IO/VirtualPort")).isEqualTo("onvif.other");
        assertThat(OnvifEventKinds.of("tns1:VideoSource/MotionAlarmExtra")).isEqualTo("onvif.other");
        assertThat(OnvifEventKinds.of("{http://example.com/topics}VideoSource/MotionAlarm")).isEqualTo("onvif.other");
    }
}
