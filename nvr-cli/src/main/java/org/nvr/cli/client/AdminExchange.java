package org.nvr.cli.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * The transport half shared by {@link AdminClient} and {@link ImageClient}: one request sent with failures mapped
 * to {@link ClientFailure}s (UNREACHABLE when no connection could be made, ERROR otherwise), and an answer read
 * up to a bound so a misbehaving server cannot exhaust memory.
 */
final class AdminExchange {
    private AdminExchange() {
    }

    /**
     * Sends {@code request} to the NVR at {@code server}.
     *
     * @param timeout the request's timeout, named in the message when it expires
     */
    static HttpResponse<InputStream> send(HttpClient http, HttpRequest request, URI server, Duration timeout)
            throws ClientFailure {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ClientFailure(ClientFailure.Kind.UNREACHABLE, "cannot reach the NVR at " + server + ": "
                    + TextTable.printable(e.toString()), e);
        } catch (HttpTimeoutException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "the NVR at " + server + " did not answer within "
                    + timeout.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "request to " + server + " failed: "
                    + TextTable.printable(e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientFailure(ClientFailure.Kind.ERROR, "interrupted", e);
        }
    }

    /** The whole body of the answer to {@code path}; ERROR when it is over {@code maxBytes} or cannot be read. */
    static byte[] readBody(HttpResponse<InputStream> response, ApiPath path, int maxBytes) throws ClientFailure {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new ClientFailure(ClientFailure.Kind.ERROR, "the answer to " + path + " is larger than "
                        + maxBytes + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "reading the answer to " + path + " failed: "
                    + TextTable.printable(e.toString()), e);
        }
    }
}
