package org.nvr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.LongFunction;

/**
 * The HTTP side of {@code nvr export}: GETs with HTTP Basic credentials, status codes mapped to exit codes, the
 * manifest read whole (bounded), the MP4 streamed to a file while its SHA-256 is computed (never held in memory).
 */
final class ExportClient {
    /** Header by which the server states the SHA-256 of the manifest JSON that belongs to the MP4. */
    static final String MANIFEST_SHA256_HEADER = "X-Nvr-Manifest-Sha256";
    /** Largest manifest read: a day of one-minute segments is about 0.5 MB of JSON. */
    static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;
    /** Copy buffer, bytes. */
    private static final int BUFFER_BYTES = 256 * 1024;
    /** Most of an error body shown to the user, bytes. */
    private static final int MAX_ERROR_BODY_BYTES = 512;

    private final HttpClient http;
    private final URI server;
    private final String authorization;
    private final Duration responseTimeout;

    /**
     * @param server          the NVR's base URL, for messages
     * @param authorization   the {@code Authorization} header value (never printed)
     * @param responseTimeout how long to wait for response headers
     */
    ExportClient(HttpClient http, URI server, String authorization, Duration responseTimeout) {
        this.http = http;
        this.server = server;
        this.authorization = authorization;
        this.responseTimeout = responseTimeout;
    }

    /** The whole body of a GET of {@code uri}, at most {@link #MAX_MANIFEST_BYTES}. */
    byte[] getSmall(URI uri) throws ExportFailure {
        HttpResponse<InputStream> response = send(uri);
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new ExportFailure(ExitCodes.ERROR, uri.getPath() + " is larger than " + MAX_MANIFEST_BYTES
                        + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ExportFailure(ExitCodes.ERROR, "reading " + uri.getPath() + " failed: " + e, e);
        }
    }

    /** What {@link #download} wrote. */
    record Downloaded(long bytes, String sha256) {
    }

    /**
     * Streams the body of a GET of {@code uri} into {@code part} (created or truncated), checking first that the
     * response names the manifest {@code manifestSha256} and says its length, and at the end that exactly that
     * many bytes came. The file is forced to disk before this returns; on failure it is deleted.
     *
     * @param progress made once the length is known
     */
    Downloaded download(URI uri, String manifestSha256, Path part, LongFunction<TransferProgress> progress)
            throws ExportFailure {
        HttpResponse<InputStream> response = send(uri);
        try (InputStream body = response.body()) {
            String stated = response.headers().firstValue(MANIFEST_SHA256_HEADER).orElseThrow(() ->
                    new ExportFailure(ExitCodes.ERROR, "the NVR sent no " + MANIFEST_SHA256_HEADER + " header: the"
                            + " export cannot be tied to its manifest"));
            if (!stated.strip().equalsIgnoreCase(manifestSha256)) {
                throw new ExportFailure(ExitCodes.ERROR, "the manifest received (SHA-256 " + manifestSha256
                        + ") is not the one the NVR states for this export (" + stated.strip() + "); try again");
            }
            OptionalLong contentLength = response.headers().firstValueAsLong("Content-Length");
            if (contentLength.isEmpty()) {
                throw new ExportFailure(ExitCodes.ERROR, "the NVR sent no Content-Length: cannot check the"
                        + " download is complete");
            }
            return copy(body, part, contentLength.getAsLong(), progress.apply(contentLength.getAsLong()));
        } catch (IOException e) {
            deleteQuietly(part, e);
            throw new ExportFailure(ExitCodes.ERROR, "download of " + uri.getPath() + " failed: " + e, e);
        } catch (ExportFailure | RuntimeException e) {
            deleteQuietly(part, e);
            throw e;
        }
    }

    private static Downloaded copy(InputStream body, Path part, long expected, TransferProgress progress)
            throws IOException, ExportFailure {
        MessageDigest sha256 = sha256();
        byte[] buffer = new byte[BUFFER_BYTES];
        long total = 0;
        try (FileChannel out = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            int n;
            while ((n = body.read(buffer)) != -1) {
                sha256.update(buffer, 0, n);
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    out.write(chunk);
                }
                total += n;
                if (total > expected) {
                    break;
                }
                progress.update(total);
            }
            if (total != expected) {
                throw new ExportFailure(ExitCodes.ERROR, "received " + (total > expected ? "more than " : "")
                        + total + " bytes, but the NVR announced " + expected);
            }
            // The evidence file must survive a crash right after the command says it is written.
            out.force(true);
        }
        progress.finish(total, "downloaded");
        return new Downloaded(total, HexFormat.of().formatHex(sha256.digest()));
    }

    private HttpResponse<InputStream> send(URI uri) throws ExportFailure {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(responseTimeout)
                .header("Authorization", authorization)
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ExportFailure(ExitCodes.UNREACHABLE, "cannot reach the NVR at " + server + ": " + e, e);
        } catch (IOException e) {
            throw new ExportFailure(ExitCodes.ERROR, "request to " + server + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ExportFailure(ExitCodes.ERROR, "interrupted", e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return response;
        }
        String body = errorBody(response);
        switch (status) {
            case 401:
                throw new ExportFailure(ExitCodes.AUTH_FAILURE, "the NVR refused the user name or password (HTTP"
                        + " 401)" + body);
            case 403:
                throw new ExportFailure(ExitCodes.AUTH_FAILURE, "the user may not export (HTTP 403; exports need"
                        + " the operator role)" + body);
            case 404:
                throw new ExportFailure(ExitCodes.NOT_FOUND, "not found (HTTP 404): " + uri.getPath() + body);
            default:
                throw new ExportFailure(ExitCodes.ERROR, "the NVR answered HTTP " + status + body);
        }
    }

    /** The start of an error response's body, for the message; the rest is discarded. */
    private static String errorBody(HttpResponse<InputStream> response) {
        try (InputStream body = response.body()) {
            String text = new String(body.readNBytes(MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "" : ": " + text;
        } catch (IOException e) {
            // The status code already says what failed; the body would only have added detail.
            return "";
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest Javadoc).
            throw new IllegalStateException("SHA-256 missing from this JVM", e);
        }
    }

    private static void deleteQuietly(Path part, Exception cause) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
