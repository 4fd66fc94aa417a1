package org.nvr.cli;

import java.util.List;
import java.util.Set;

/**
 * The ways video, pictures or a manifest of footage leave the NVR, which {@link AuditCompletenessIT} exercises one
 * by one and checks for exactly one audit row each. {@code VideoRoutesAuditedIT} fails the build when the server
 * has a route that can send video or pictures and is not listed here, and {@link AuditCompletenessIT} when the RTSP
 * server offers a method that is in neither RTSP list: a new way out cannot be added without its audit test.
 */
public final class AuditedAccessPaths {
    /** Admin routes that send footage, as {@code "METHOD pattern"} ({@code Route.method() + " " + pattern()}). */
    public static final Set<String> HTTP_VIDEO_ROUTES = Set.of(
            "GET /api/v1/cameras/{id}/export.mp4",
            "GET /api/v1/cameras/{id}/export.json",
            "GET /api/v1/cameras/{id}/snapshot.jpg");

    /** RTSP methods that start media (RFC 2326 §10.5); RECORD and ANNOUNCE are refused with 405. */
    public static final Set<String> RTSP_MEDIA_METHODS = Set.of("PLAY");

    /**
     * RTSP methods that send no media: OPTIONS and the keep-alives carry none, DESCRIBE only the SDP (codec
     * parameters, no picture), SETUP only reserves a session, PAUSE and TEARDOWN stop it.
     */
    public static final Set<String> RTSP_CONTROL_METHODS = Set.of("OPTIONS", "DESCRIBE", "SETUP", "PAUSE",
            "TEARDOWN", "GET_PARAMETER", "SET_PARAMETER");

    /**
     * Path endings of video, picture and playlist formats: a route ending so is taken to send footage whatever
     * its handler does (lower case; compared case-insensitively).
     */
    public static final List<String> MEDIA_SUFFIXES = List.of(".mp4", ".m4s", ".m4v", ".mov", ".ts", ".mkv",
            ".webm", ".avi", ".h264", ".264", ".mjpg", ".mjpeg", ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp",
            ".m3u8", ".mpd");

    /**
     * Content types that are footage: a route answering one of them sends video or pictures whatever its path
     * says (lower case prefixes).
     */
    public static final List<String> MEDIA_CONTENT_TYPES = List.of("video/", "image/", "audio/", "multipart/",
            "application/mp4", "application/octet-stream", "application/vnd.apple.mpegurl", "application/x-mpegurl",
            "application/dash+xml", "application/sdp");

    private AuditedAccessPaths() {
    }
}
