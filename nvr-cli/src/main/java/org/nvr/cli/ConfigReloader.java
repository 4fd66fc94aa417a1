package org.nvr.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.nvr.cli.camera.CameraService;
import org.nvr.cli.config.CameraConfig;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;
import org.nvr.cli.config.ReloadResult;
import org.nvr.cli.config.RestartKeys;
import org.nvr.storage.cameras.StoredCamera;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads nvr.yaml while the NVR runs (SIGHUP, {@code POST /api/v1/reload}) and applies what can change without a
 * restart: the {@code cameras:} section. Other changed keys are reported as needing a restart and keep their
 * running values. A file that does not load is refused whole, so nothing changes. Reloads are serialized.
 */
final class ConfigReloader {
    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final Path file;
    private final NvrConfig started;
    private final ConfigLoader loader;
    private final CameraService cameras;
    private final Function<List<CameraConfig>, List<CameraConfig>> withBuiltIn;
    private final Function<CameraConfig, StoredCamera> stored;
    private final Consumer<List<CameraConfig>> onCameras;

    /**
     * @param file        the configuration file the NVR started from
     * @param started     its values at start: the ones that need a restart stay in force
     * @param loader      reads the file strictly
     * @param cameras     the cameras to bring in line
     * @param withBuiltIn adds the cameras the NVR runs beside the file's (the demo camera)
     * @param stored      a configured camera as the camera store keeps it
     * @param onCameras   told the file's cameras after each applied reload (per-camera retention)
     */
    ConfigReloader(Path file, NvrConfig started, ConfigLoader loader, CameraService cameras,
                   Function<List<CameraConfig>, List<CameraConfig>> withBuiltIn,
                   Function<CameraConfig, StoredCamera> stored, Consumer<List<CameraConfig>> onCameras) {
        this.file = Objects.requireNonNull(file, "file");
        this.started = Objects.requireNonNull(started, "started");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.cameras = Objects.requireNonNull(cameras, "cameras");
        this.withBuiltIn = Objects.requireNonNull(withBuiltIn, "withBuiltIn");
        this.stored = Objects.requireNonNull(stored, "stored");
        this.onCameras = Objects.requireNonNull(onCameras, "onCameras");
    }

    /**
     * Reads the file and applies its cameras.
     *
     * @throws ConfigException naming the file, line and key of the first problem; nothing was changed
     */
    synchronized ReloadResult reload() {
        NvrConfig file;
        try {
            file = loader.load(this.file);
        } catch (ConfigException e) {
            log.error("configuration reload refused, nothing changed: {}", e.getMessage());
            throw e;
        }
        List<CameraConfig> configured = withBuiltIn.apply(file.cameras());
        Map<String, Duration> stallTimeouts = new LinkedHashMap<>();
        for (CameraConfig camera : configured) {
            if (stallTimeouts.put(camera.id(), camera.stallTimeout()) != null) {
                // Only the demo camera can collide here: the file's own ids were checked by the loader.
                ConfigException refused = new ConfigException(this.file + ": 'cameras[].id' '" + camera.id()
                        + "' is taken by the running demo camera until the NVR restarts");
                log.error("configuration reload refused, nothing changed: {}", refused.getMessage());
                throw refused;
            }
        }
        List<String> applied = cameras.reconfigure(configured.stream().map(stored).toList(), stallTimeouts);
        onCameras.accept(file.cameras());
        List<String> needsRestart = RestartKeys.changed(started, file);
        if (!needsRestart.isEmpty()) {
            log.warn("configuration reload: {} changed in {}; the running values stay until the NVR restarts",
                    String.join(", ", needsRestart), this.file);
        }
        log.info("configuration reloaded from {}: {}", this.file,
                applied.isEmpty() ? "no camera changed" : String.join("; ", applied));
        return new ReloadResult(applied, needsRestart);
    }
}
