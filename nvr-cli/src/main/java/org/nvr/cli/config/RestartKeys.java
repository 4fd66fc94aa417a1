package org.nvr.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The nvr.yaml keys outside {@code cameras:} whose new value takes a restart: ports and addresses are bound, the
 * data directory and index are open, and the recorders, retention and the demo camera were built from them at
 * start. A configuration reload reports them and keeps running with the old values.
 */
public final class RestartKeys {
    private record Key(String name, Function<NvrConfig, Object> value) {
    }

    /** Every such key, by its name in nvr.yaml. */
    private static final List<Key> KEYS = List.of(
            new Key("dataDir", c -> c.dataDir().toAbsolutePath().normalize()),
            new Key("record.segmentDuration", c -> c.record().segmentDuration()),
            new Key("record.fragmentDuration", c -> c.record().fragmentDuration()),
            new Key("record.fsync", c -> c.record().fsyncEachFragment()),
            new Key("retention.maxAge", c -> c.retention().maxAge()),
            new Key("retention.maxBytes", c -> c.retention().maxBytes()),
            new Key("storage.minFreeBytes", c -> c.storage().minFreeBytes()),
            new Key("storage.retentionPeriod", c -> c.storage().retentionPeriod()),
            new Key("demo.enabled", c -> c.demo().enabled()),
            new Key("demo.port", c -> c.demo().port()),
            new Key("rtsp.bind", c -> c.rtsp().bind()),
            new Key("rtsp.port", c -> c.rtsp().port()),
            new Key("rtsp.allowBasic", c -> c.rtsp().allowBasic()),
            new Key("rtsp.sessionTimeout", c -> c.rtsp().sessionTimeout()),
            new Key("rtsp.maxConnectionsPerAddress", c -> c.rtsp().maxConnectionsPerAddress()),
            new Key("rtsp.requestTimeout", c -> c.rtsp().requestTimeout()),
            new Key("admin.bind", c -> c.admin().bind()),
            new Key("admin.port", c -> c.admin().port()),
            new Key("admin.maxConnectionsPerAddress", c -> c.admin().maxConnectionsPerAddress()),
            new Key("admin.requestTimeout", c -> c.admin().requestTimeout()));

    private RestartKeys() {
    }

    /** The keys whose value differs between the running configuration and the file's, in nvr.yaml's order. */
    public static List<String> changed(NvrConfig running, NvrConfig file) {
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(file, "file");
        List<String> changed = new ArrayList<>();
        for (Key key : KEYS) {
            if (!Objects.equals(key.value().apply(running), key.value().apply(file))) {
                changed.add(key.name());
            }
        }
        return changed;
    }
}
