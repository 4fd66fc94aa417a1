package org.nvr.onvif.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification from a camera (ONVIF Core Specification, event handling: {@code tt:Message} in a
 * WS-BaseNotification NotificationMessage).
 *
 * @param topic             the topic with its namespace resolved and written with a fixed prefix, whatever the
 *                          camera bound: {@code tns1:} for the ONVIF topic namespace, {@code tnsaxis:} for
 *                          Axis's, otherwise {@code {namespace}}; e.g.
 *                          {@code tns1:RuleEngine/CellMotionDetector/Motion}
 * @param utcTime           the camera's UtcTime of the event
 * @param propertyOperation Initialized, Changed or Deleted for property events; empty for plain events
 * @param source            Source SimpleItems, name to value, in order (e.g. VideoSourceConfigurationToken)
 * @param data              Data SimpleItems, name to value, in order (e.g. IsMotion=true)
 */
public record OnvifEvent(String topic, Instant utcTime, Optional<PropertyOperation> propertyOperation,
        Map<String, String> source, Map<String, String> data) {
    /** Most SimpleItems kept per Source or Data. */
    public static final int MAX_ITEMS = 64;
    /** Longest topic accepted. */
    public static final int MAX_TOPIC_CHARS = 512;

    public OnvifEvent {
        Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.length() > MAX_TOPIC_CHARS) {
            throw new IllegalArgumentException("topic must be 1.." + MAX_TOPIC_CHARS + " characters");
        }
        Objects.requireNonNull(utcTime, "utcTime");
        Objects.requireNonNull(propertyOperation, "propertyOperation");
        source = items("source", source);
        data = items("data", data);
    }

    private static Map<String, String> items(String field, Map<String, String> items) {
        if (items.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("'" + field + "' has " + items.size() + " items, more than "
                    + MAX_ITEMS);
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    /** Data item {@code name} read as xs:boolean ("true"/"1"), e.g. {@code IsMotion} or {@code State}. */
    public Optional<Boolean> booleanData(String name) {
        String v = data.get(name);
        if (v == null) {
            return Optional.empty();
        }
        switch (v.strip()) {
            case "true":
            case "1":
                return Optional.of(true);
            case "false":
            case "0":
                return Optional.of(false);
            default:
                return Optional.empty();
        }
    }
}
