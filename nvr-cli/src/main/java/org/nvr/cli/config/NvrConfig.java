package org.nvr.cli.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The whole of nvr.yaml, as typed values. Every key is documented, with its default, in config/nvr.yaml.
 *
 * @param dataDir   where recordings and the index live ({@code dataDir}, default {@code ./data})
 * @param record    how segments are written
 * @param retention the legal ceiling and total quota
 * @param storage   the data disk
 * @param demo      the built-in demo camera
 * @param rtsp      the RTSP re-stream server
 * @param admin     the admin HTTP endpoint
 * @param cameras   the cameras to record
 */
public record NvrConfig(Path dataDir, RecordConfig record, RetentionConfig retention, StorageConfig storage,
                        DemoConfig demo, RtspConfig rtsp, AdminConfig admin, List<CameraConfig> cameras) {

    public NvrConfig {
        cameras = List.copyOf(cameras);
        Set<String> ids = new HashSet<>();
        for (CameraConfig camera : cameras) {
            if (!ids.add(camera.id())) {
                throw new IllegalArgumentException("'cameras[].id' '" + camera.id() + "' appears twice");
            }
            if (demo.enabled() && camera.id().equals("demo")) {
                throw new IllegalArgumentException("'cameras[].id' 'demo' is taken by the demo camera; "
                        + "rename it or set 'demo.enabled: false'");
            }
        }
    }

    @JsonCreator
    static NvrConfig fromYaml(@JsonProperty("dataDir") String dataDir,
                              @JsonProperty("record") RecordConfig record,
                              @JsonProperty("retention") RetentionConfig retention,
                              @JsonProperty("storage") StorageConfig storage,
                              @JsonProperty("demo") DemoConfig demo,
                              @JsonProperty("rtsp") RtspConfig rtsp,
                              @JsonProperty("admin") AdminConfig admin,
                              @JsonProperty("cameras") List<CameraConfig> cameras) {
        return new NvrConfig(Path.of(dataDir == null ? "./data" : dataDir),
                record == null ? RecordConfig.DEFAULT : record,
                retention == null ? RetentionConfig.DEFAULT : retention,
                storage == null ? StorageConfig.DEFAULT : storage,
                demo == null ? DemoConfig.DEFAULT : demo,
                rtsp == null ? RtspConfig.DEFAULT : rtsp,
                admin == null ? AdminConfig.DEFAULT : admin,
                cameras == null ? List.of() : cameras);
    }

    /** Defaults only: the demo camera and nothing else. */
    public static NvrConfig defaults() {
        return fromYaml(null, null, null, null, null, null, null, null);
    }
}
