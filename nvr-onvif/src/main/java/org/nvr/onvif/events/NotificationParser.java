package org.nvr.onvif.events;

import static org.nvr.onvif.soap.Namespaces.SCHEMA;
import static org.nvr.onvif.soap.Namespaces.WSNT;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.nvr.onvif.xml.SafeXml;
import org.w3c.dom.Element;

/**
 * Reads one {@code wsnt:NotificationMessage} (WS-BaseNotification 1.3 §3.2) holding an ONVIF {@code tt:Message}
 * (ONVIF Core Specification, event handling: notification structure): Topic, UtcTime, PropertyOperation, Source
 * and Data SimpleItems. Anything it cannot read is {@link IllegalArgumentException} with the reason, which the
 * caller counts and skips.
 */
final class NotificationParser {
    /** Longest SimpleItem name or value kept; longer is malformed. */
    static final int MAX_ITEM_CHARS = 1024;

    private NotificationParser() {
    }

    static OnvifEvent parse(Element notification) {
        Element topic = SafeXml.child(notification, WSNT, "Topic")
                .orElseThrow(() -> new IllegalArgumentException("no Topic"));
        Element message = SafeXml.child(notification, WSNT, "Message")
                .flatMap(m -> SafeXml.child(m, SCHEMA, "Message"))
                .orElseThrow(() -> new IllegalArgumentException("no Message/tt:Message"));
        String utc = message.getAttributeNS(null, "UtcTime");
        if (utc.isBlank()) {
            throw new IllegalArgumentException("tt:Message without UtcTime");
        }
        String op = message.getAttributeNS(null, "PropertyOperation");
        Optional<PropertyOperation> operation = op.isBlank() ? Optional.empty()
                : Optional.of(PropertyOperation.parse(op.strip()).orElseThrow(
                        () -> new IllegalArgumentException("unknown PropertyOperation " + abbreviate(op))));
        return new OnvifEvent(topic(topic), time(utc.strip()), operation, items(message, "Source"),
                items(message, "Data"));
    }

    /**
     * The topic text with every segment's prefix resolved through the Topic element's in-scope declarations
     * (vendors bind the ONVIF topic namespace to tns1, tns, ns2 ...), rewritten with our fixed prefixes.
     */
    static String topic(Element topic) {
        String text = topic.getTextContent().strip();
        if (text.isEmpty() || text.length() > OnvifEvent.MAX_TOPIC_CHARS) {
            throw new IllegalArgumentException("empty or over-long Topic");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : text.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("empty segment in Topic " + abbreviate(text));
            }
            if (out.length() > 0) {
                out.append('/');
            }
            int colon = segment.indexOf(':');
            if (colon < 0) {
                out.append(segment);
                continue;
            }
            String prefix = segment.substring(0, colon);
            String ns = topic.lookupNamespaceURI(prefix);
            if (ns == null) {
                throw new IllegalArgumentException("Topic prefix '" + abbreviate(prefix) + "' is not bound");
            }
            String ours = EventTopics.PREFIXES.get(ns);
            out.append(ours != null ? ours + ":" : "{" + ns + "}").append(segment, colon + 1, segment.length());
        }
        return out.toString();
    }

    /** xs:dateTime; a value without zone (seen on some firmware) is read as UTC. */
    static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("UtcTime is not an xs:dateTime: " + abbreviate(text), e2);
            }
        }
    }

    private static Map<String, String> items(Element message, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Element> holder = SafeXml.child(message, SCHEMA, name);
        if (holder.isEmpty()) {
            return out;
        }
        for (Element item : SafeXml.children(holder.get(), SCHEMA, "SimpleItem")) {
            if (out.size() == OnvifEvent.MAX_ITEMS) {
                throw new IllegalArgumentException(name + " has more than " + OnvifEvent.MAX_ITEMS + " items");
            }
            String n = item.getAttributeNS(null, "Name");
            String v = item.getAttributeNS(null, "Value");
            if (n.isEmpty() || n.length() > MAX_ITEM_CHARS || v.length() > MAX_ITEM_CHARS) {
                throw new IllegalArgumentException(name + " SimpleItem without Name or over-long");
            }
            out.put(n, v);
        }
        return out;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
