package org.nvr.core.admin;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nvr.core.audit.AuditEntry;
import org.nvr.core.audit.AuditLog;
import org.nvr.core.auth.Role;
import org.nvr.core.export.ExportPart;
import org.nvr.core.export.ExportPlan;
import org.nvr.core.export.ExportRequest;
import org.nvr.core.export.ExportService;
import org.nvr.core.time.NvrClock;

/**
 * The export routes (operators and admins):
 * <ul>
 *   <li>{@code GET|HEAD /api/v1/cameras/{id}/export.mp4?start=&end=[&stream=]}: one MP4 for the range, with
 *       Range requests (RFC 9110 §14), an ETag and {@code X-Nvr-Manifest-Sha256}, the SHA-256 of the manifest
 *       as {@code export.json} returns it, so that a saved file can be tied to its manifest;</li>
 *   <li>{@code GET /api/v1/cameras/{id}/export.json?start=&end=[&stream=]}: that manifest.</li>
 * </ul>
 * Every GET is audited before a byte of video or manifest is sent; if the audit log cannot take the row, the
 * request fails with 500 and nothing is served.
 */
final class ExportRoutes {
    static final String MP4_PATH = "/api/v1/cameras/{id}/export.mp4";
    static final String JSON_PATH = "/api/v1/cameras/{id}/export.json";
    /** Response header carrying the manifest's SHA-256 (lower-case hex). */
    static final String MANIFEST_SHA256_HEADER = "X-Nvr-Manifest-Sha256";
    private static final int MAX_FILE_NAME_CHARS = 128;

    private final ExportService exports;
    private final AuditLog audit;
    private final AdminJson json;
    private final AdminMetrics metrics;
    private final ApiErrors errors;
    private final NvrClock clock;

    ExportRoutes(ExportService exports, AuditLog audit, AdminJson json, AdminMetrics metrics, ApiErrors errors,
                 NvrClock clock) {
        this.exports = exports;
        this.audit = audit;
        this.json = json;
        this.metrics = metrics;
        this.errors = errors;
        this.clock = clock;
    }

    List<Route> routes() {
        return List.of(
                Route.secured(HttpMethod.GET, MP4_PATH, Role.OPERATOR, this::mp4),
                Route.secured(HttpMethod.GET, JSON_PATH, Role.OPERATOR, this::manifest));
    }

    private AdminResponse mp4(AdminRequest request) throws Exception {
        ExportRequest wanted = ExportQuery.parse(request);
        ExportPlan plan = exports.plan(wanted);
        byte[] manifest = json.write(plan.manifest());
        String sha256 = sha256Hex(manifest);
        String etag = "\"" + sha256 + "\"";
        long length = plan.contentLength();

        String rangeHeader = request.headers().get(HttpHeaderNames.RANGE);
        String ifRange = request.headers().get(HttpHeaderNames.IF_RANGE);
        // RFC 9110 §13.1.5: a Range under an If-Range that does not match our (strong) ETag is ignored.
        RangeSelection selection = ifRange != null && !ifRange.strip().equals(etag)
                ? new RangeSelection.Whole()
                : ByteRanges.select(rangeHeader, length);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaderNames.ACCEPT_RANGES.toString(), "bytes");
        headers.put(HttpHeaderNames.ETAG.toString(), etag);
        headers.put(MANIFEST_SHA256_HEADER, sha256);
        if (selection instanceof RangeSelection.Unsatisfiable) {
            // RFC 9110 §15.5.17: 416 carries Content-Range with the current length.
            return json.error(ErrorCode.RANGE_NOT_SATISFIABLE, "range " + rangeHeader + " is outside the "
                            + length + " bytes of this export")
                    .withHeader(HttpHeaderNames.CONTENT_RANGE.toString(), "bytes */" + length)
                    .withHeader(HttpHeaderNames.ACCEPT_RANGES.toString(), "bytes");
        }
        headers.put(HttpHeaderNames.CONTENT_DISPOSITION.toString(),
                "attachment; filename=\"" + safeFileName(plan.manifest().fileName()) + "\"");
        HttpResponseStatus status = HttpResponseStatus.OK;
        List<ExportPart> parts = plan.parts();
        long bodyLength = length;
        if (selection instanceof RangeSelection.Slice slice) {
            status = HttpResponseStatus.PARTIAL_CONTENT;
            parts = PartSlicer.slice(plan.parts(), slice.first(), slice.last());
            bodyLength = slice.length();
            headers.put(HttpHeaderNames.CONTENT_RANGE.toString(),
                    "bytes " + slice.first() + "-" + slice.last() + "/" + length);
        }
        if (!request.isHead()) {
            Map<String, String> detail = detail(wanted, sha256);
            if (rangeHeader != null) {
                detail.put("range", rangeHeader.length() > 100 ? rangeHeader.substring(0, 100) : rangeHeader);
            }
            detail.put("status", Integer.toString(status.code()));
            detail.put("bytes", Long.toString(bodyLength));
            AdminResponse refused = appendOrRefuse(request, "recording.export", detail);
            if (refused != null) {
                return refused;
            }
        }
        return new AdminResponse.Streamed(status, "video/mp4", parts, bodyLength, headers, metrics::exportBytes);
    }

    private AdminResponse manifest(AdminRequest request) throws Exception {
        ExportRequest wanted = ExportQuery.parse(request);
        ExportPlan plan = exports.plan(wanted);
        byte[] manifest = json.write(plan.manifest());
        String sha256 = sha256Hex(manifest);
        if (!request.isHead()) {
            AdminResponse refused = appendOrRefuse(request, "recording.export.manifest", detail(wanted, sha256));
            if (refused != null) {
                return refused;
            }
        }
        return AdminResponse.json(HttpResponseStatus.OK, manifest)
                .withHeader(HttpHeaderNames.ETAG.toString(), "\"" + sha256 + "\"")
                .withHeader(MANIFEST_SHA256_HEADER, sha256);
    }

    /** Appends the audit row; the 500 to send instead of the export if the log refused it, else null. */
    private AdminResponse appendOrRefuse(AdminRequest request, String action, Map<String, String> detail) {
        try {
            audit.append(new AuditEntry(clock.wallNow(), request.auditUser(), request.remote(), action, detail));
            return null;
        } catch (RuntimeException e) {
            // AuditLog contract: a caller that serves video must refuse rather than serve unaudited.
            return errors.internal(e, action + " audit for " + request.remote());
        }
    }

    private static Map<String, String> detail(ExportRequest wanted, String sha256) {
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("camera", wanted.stream().cameraId());
        detail.put("stream", wanted.stream().streamName());
        detail.put("start", wanted.start().toString());
        detail.put("end", wanted.end().toString());
        detail.put("manifestSha256", sha256);
        return detail;
    }

    /** RFC 6266 §4.3: a plain token-ish name, so that no quote or path separator reaches the client's disk. */
    static String safeFileName(String name) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < name.length() && safe.length() < MAX_FILE_NAME_CHARS; i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == '_';
            safe.append(plain ? c : '_');
        }
        if (safe.length() == 0 || safe.charAt(0) == '.') {
            safe.insert(0, "export");
        }
        return safe.toString();
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
