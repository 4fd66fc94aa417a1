package org.nvr.cli.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link AdminClient}: answers the fake in CamerasCommandTest does not give (redirects, HTML, slow, huge). */
class AdminClientTest {
    private HttpServer server;
    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                paths.add(path);
                if (path.endsWith("/moved")) {
                    exchange.getResponseHeaders().add("Location", "http://198.51.100.7/steal");
                    exchange.sendResponseHeaders(302, -1);
                } else if (path.endsWith("/proxy")) {
                    byte[] html = "<html><body>502 Bad Gateway\u001b]0;owned\u0007</body></html>"
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(502, html.length);
                    exchange.getResponseBody().write(html);
                } else if (path.endsWith("/slow")) {
                    release.await(10, TimeUnit.SECONDS);
                    exchange.sendResponseHeaders(200, -1);
                } else if (path.endsWith("/huge")) {
                    exchange.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) ' ');
                    for (int i = 0; i <= AdminClient.MAX_BODY_BYTES / chunk.length; i++) {
                        exchange.getResponseBody().write(chunk);
                    }
                } else if (path.endsWith("/notjson")) {
                    byte[] text = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, text.length);
                    exchange.getResponseBody().write(text);
                } else {
                    exchange.sendResponseHeaders(204, -1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The client hung up on a huge answer: expected by that test.
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private AdminClient client() {
        return new AdminClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/nvr/"),
                "Basic YWxpY2U6eA==");
    }

    @Test
    void redirectIsNotFollowed() {
        assertThatThrownBy(() -> client().get(ApiPath.api("moved")))
                .isInstanceOf(ClientFailure.class)
                .hasMessageContaining("HTTP 302 redirecting to http://198.51.100.7/steal; not followed")
                .extracting(e -> ((ClientFailure) e).kind()).isEqualTo(ClientFailure.Kind.ERROR);
        assertThat(paths).containsExactly("/nvr/api/v1/moved");
    }

    @Test
    void nonJsonErrorQuotesTheBodyWithoutControlCharacters() {
        assertThatThrownBy(() -> client().get(ApiPath.api("proxy")))
                .hasMessage("the NVR answered HTTP 502: <html><body>502 Bad Gateway?]0;owned?</body></html>");
    }

    @Test
    void slowAnswerIsAnErrorNotUnreachable() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(AdminClient.CONNECT_TIMEOUT).build();
        AdminClient client = new AdminClient(http, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "Basic YWxpY2U6eA==");
        assertThatThrownBy(() -> client.get(ApiPath.api("slow"), Duration.ofMillis(300)))
                .hasMessageContaining("did not answer within")
                .extracting(e -> ((ClientFailure) e).kind()).isEqualTo(ClientFailure.Kind.ERROR);
    }

    @Test
    void hugeAnswerIsCutOff() {
        assertThatThrownBy(() -> client().get(ApiPath.api("huge"))).hasMessageContaining("larger than");
    }

    @Test
    void emptyAndNonJsonAnswers() throws ClientFailure {
        assertThat(client().delete(ApiPath.api("gone")).isMissingNode()).isTrue();
        assertThatThrownBy(() -> client().get(ApiPath.api("notjson"))).hasMessageContaining("is not JSON");
    }
}
