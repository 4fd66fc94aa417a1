package org.nvr.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nvr.cli.config.ConfigException;
import org.nvr.cli.config.ConfigLoader;
import org.nvr.cli.config.NvrConfig;
import org.nvr.core.time.NvrClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code nvr run}: the server, until SIGTERM or Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the NVR server.")
final class RunCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Configuration file (default: config/nvr.yaml if it exists, else built-in defaults).")
    private Path configFile;

    @Option(names = "--run-for", paramLabel = "SECONDS", hidden = true,
            description = "Stop after this many seconds (tests and smoke checks).")
    private Long runForSeconds;

    @Override
    public Integer call() throws Exception {
        NvrConfig config;
        Optional<Path> loadedFrom;
        try {
            Path file = configFile != null ? configFile : Path.of("config/nvr.yaml");
            loadedFrom = configFile != null || Files.exists(file) ? Optional.of(file) : Optional.empty();
            config = loadedFrom.isPresent() ? new ConfigLoader().load(file) : NvrConfig.defaults();
        } catch (ConfigException e) {
            log.error("bad configuration: {}", e.getMessage());
            return 2;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ProcessMeters processMeters = new ProcessMeters(registry);
        NvrServer server = new NvrServer(config, loadedFrom, registry, NvrClock.SYSTEM);
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM (systemd's stop) and SIGINT (Ctrl-C) end the wait below, so the server closes on this thread and
        // the process exits 0 with every segment finished and indexed; a shutdown hook alone would exit 143.
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
        // SIGHUP (systemctl reload): re-read the file and apply its cameras. The JVM runs each signal's handler on a
        // thread of its own, so a reload waiting for recorders to index their segments holds up nothing else.
        Signal.handle(new Signal("HUP"), signal -> reload(server));
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                server.close();
            }
        };
        // Any other way out of the JVM (an uncaught error elsewhere, System.exit) still closes segments cleanly.
        Thread hook = new Thread(close, "nvr-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.start();
            if (runForSeconds != null) {
                stopRequested.await(runForSeconds, TimeUnit.SECONDS);
            } else {
                stopRequested.await();
            }
            log.info("stopping");
        } finally {
            close.run();
            Runtime.getRuntime().removeShutdownHook(hook);
            processMeters.close();
        }
        return 0;
    }

    /** One SIGHUP: the reloader logs what it applied and what needs a restart; failures are logged, never fatal. */
    private static void reload(NvrServer server) {
        log.info("SIGHUP: reloading the configuration");
        try {
            server.reload();
        } catch (ConfigException e) {
            // The reloader logged the file, line and key.
            log.warn("SIGHUP: configuration unchanged, the NVR runs on as before");
        } catch (RuntimeException e) {
            log.error("configuration reload failed: {}", e.getMessage());
        }
    }
}
