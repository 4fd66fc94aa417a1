package org.nvr.onvif.media;

import java.net.URI;
import java.util.List;

/**
 * The media calls the recorder needs, over Media1 ({@link Media1Client}) or Media2 ({@link Media2Client});
 * {@link MediaClients#forDevice} picks Media2 when the device lists it.
 */
public interface MediaClient {
    /** The media service address. */
    URI endpoint();

    /** GetProfiles with their video source and encoder configurations. */
    List<MediaProfile> profiles();

    /** GetStreamUri for RTP unicast over RTSP. */
    URI streamUri(String profileToken, StreamTransport transport);

    /** GetSnapshotUri (a JPEG over HTTP). */
    URI snapshotUri(String profileToken);

    /** GetVideoEncoderConfigurations. */
    List<VideoEncoderConfig> videoEncoderConfigurations();

    /** One video encoder configuration by token. */
    VideoEncoderConfig videoEncoderConfiguration(String configurationToken);

    /** GetVideoEncoderConfigurationOptions for one configuration, one entry per encoding offered. */
    List<EncodingOptions> videoEncoderOptions(String configurationToken);

    /**
     * Reads the configuration, applies {@code change}, checks it against the camera's options when it offers
     * them, and writes it back persistently (Media1 ForcePersistence true; Media2 always persists).
     *
     * @throws IllegalArgumentException naming the field, before any write, when a value is out of range
     */
    void setVideoEncoderConfiguration(String configurationToken, VideoEncoderChange change);
}
