package org.nvr.onvif.events;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A subscription's topic filter: a WS-BaseNotification TopicExpression in the ONVIF ConcreteSet dialect (ONVIF
 * Core Specification, event handling: topic filter), topics joined by {@code |}. Empty: every event.
 *
 * @param topics topics like {@link EventTopics#CELL_MOTION}, each {@code tns1:} followed by path segments
 */
public record TopicFilter(List<String> topics) {
    /** Most topics in one filter. */
    public static final int MAX_TOPICS = 16;
    private static final Pattern TOPIC =
            Pattern.compile("tns1:[A-Za-z][A-Za-z0-9_.-]{0,63}(/[A-Za-z][A-Za-z0-9_.-]{0,63}){0,7}");

    public TopicFilter {
        topics = List.copyOf(topics);
        if (topics.size() > MAX_TOPICS) {
            throw new IllegalArgumentException("'topics' has " + topics.size() + " entries, more than "
                    + MAX_TOPICS);
        }
        for (String t : topics) {
            if (!TOPIC.matcher(t).matches()) {
                throw new IllegalArgumentException("'topics' entry is not a tns1: topic path: " + t);
            }
        }
    }

    /** Every event. */
    public static TopicFilter all() {
        return new TopicFilter(List.of());
    }

    /** Motion (cell motion detector and motion alarm) and tamper. */
    public static TopicFilter motionAndTamper() {
        return new TopicFilter(List.of(EventTopics.CELL_MOTION, EventTopics.MOTION_ALARM, EventTopics.TAMPER));
    }

    /** The ConcreteSet expression, e.g. {@code tns1:A/B|tns1:C}. */
    public String expression() {
        return String.join("|", topics);
    }
}
