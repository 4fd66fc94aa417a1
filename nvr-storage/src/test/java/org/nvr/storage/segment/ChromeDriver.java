package org.nvr.storage.segment;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code /usr/bin/chromedriver} on 127.0.0.1, and a minimal W3C WebDriver client for it (JDK HttpClient,
 * https://www.w3.org/TR/webdriver2/): one session at a time, navigate, read the title, run a script. {@link #close()}
 * ends the session (which quits Chromium) and kills whatever of the process tree is left.
 */
final class ChromeDriver implements AutoCloseable {
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";

    /** Flags for root in a container (PEERS.md "Browser"): no sandbox, no /dev/shm, autoplay of muted video. */
    static final List<String> CHROMIUM_FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
            "--autoplay-policy=no-user-gesture-required", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run");

    private static final Pattern STARTED = Pattern.compile("ChromeDriver was started successfully on port (\\d+)");
    private static final Pattern SESSION_ID = Pattern.compile("\"sessionId\"\\s*:\\s*\"([0-9a-zA-Z-]+)\"");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(5);
    private static final long POLL_MILLIS = 50;
    private static final int MAX_LOG_CHARS = 8000;

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient http;
    private String sessionId;

    private ChromeDriver(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    }

    /** Starts chromedriver on a port it picks itself ({@code --port=0}, reported on stdout), so no port race. */
    static ChromeDriver start(Path workDir) {
        Path log = workDir.resolve("chromedriver.log");
        Process process;
        try {
            process = new ProcessBuilder(CHROMEDRIVER, "--port=0", "--allowed-ips=127.0.0.1")
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + CHROMEDRIVER, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        try {
            while (true) {
                Matcher matcher = STARTED.matcher(readLog(log));
                if (matcher.find()) {
                    return new ChromeDriver(process, log, Integer.parseInt(matcher.group(1)));
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromedriver did not start within " + START_TIMEOUT.toMillis()
                            + " ms: " + readLog(log));
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException | RuntimeException e) {
            killTree(process);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting chromedriver", e);
            }
            throw (RuntimeException) e;
        }
    }

    /** Opens a Chromium session with {@link #CHROMIUM_FLAGS} and a profile in {@code userDataDir}. */
    void newSession(Path userDataDir) {
        if (sessionId != null) {
            throw new IllegalStateException("session " + sessionId + " is still open");
        }
        List<String> args = new ArrayList<>(CHROMIUM_FLAGS);
        args.add("--user-data-dir=" + userDataDir);
        String body = "{\"capabilities\":{\"alwaysMatch\":{\"browserName\":\"chrome\",\"goog:chromeOptions\":{"
                + "\"binary\":" + Json.quote(CHROMIUM) + ",\"args\":" + Json.array(args) + "}}}}";
        String response = send("POST", "/session", body);
        Matcher matcher = SESSION_ID.matcher(response);
        if (!matcher.find()) {
            throw new IllegalStateException("no session id in " + response);
        }
        sessionId = matcher.group(1);
    }

    /** Navigates and waits for the page load (WebDriver "Navigate To", load strategy normal). */
    void navigate(String url) {
        send("POST", session() + "/url", "{\"url\":" + Json.quote(url) + "}");
    }

    String title() {
        return Json.stringMember(send("GET", session() + "/title", null), "value");
    }

    /** Runs {@code script} (a function body) synchronously; its return value must be a string or null. */
    String execute(String script) {
        return Json.stringMember(send("POST", session() + "/execute/sync",
                "{\"script\":" + Json.quote(script) + ",\"args\":[]}"), "value");
    }

    /** Ends the session, which quits Chromium and removes nothing of the caller's profile directory. */
    void deleteSession() {
        if (sessionId == null) {
            return;
        }
        String id = sessionId;
        sessionId = null;
        send("DELETE", "/session/" + id, null);
    }

    /** The tail of chromedriver's output, for failure messages. */
    String logTail() {
        String text = readLog(log);
        return text.length() <= MAX_LOG_CHARS ? text : "..." + text.substring(text.length() - MAX_LOG_CHARS);
    }

    @Override
    public void close() {
        try {
            deleteSession();
        } finally {
            killTree(process);
        }
    }

    private String session() {
        if (sessionId == null) {
            throw new IllegalStateException("no session");
        }
        return "/session/" + sessionId;
    }

    private String send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + path + " -> HTTP "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " " + path + " failed; chromedriver log: "
                    + logTail(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during WebDriver " + method + " " + path, e);
        }
    }

    /** SIGKILL to chromedriver and every descendant (Chromium's browser, renderer, GPU and utility processes). */
    private static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.add(process.toHandle());
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + REAP_TIMEOUT.toNanos();
        for (ProcessHandle handle : tree) {
            while (handle.isAlive()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pid " + handle.pid() + " survived SIGKILL");
                }
                try {
                    Thread.sleep(POLL_MILLIS / 5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reaping chromedriver", e);
                }
            }
        }
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
