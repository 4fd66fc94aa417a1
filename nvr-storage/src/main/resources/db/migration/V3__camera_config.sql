-- NVR index, schema version 3: the cameras the NVR records, so that cameras added through the admin API (by RTSP
-- URL or by ONVIF address) survive a restart. Cameras configured in nvr.yaml are copied here at every start
-- (source 'config'), so the API lists one set of cameras; the file wins for the ids it names.
--
-- Released migrations are never edited (see V1): change the schema only by adding V4__... files.

-- A camera to record. Not the V1 table "camera", which holds every camera that has (or had) recordings and
-- outlives a camera's removal so that its footage stays findable.
CREATE TABLE camera_config (
    -- Camera id: [a-z0-9][a-z0-9_-]{0,63}, also a path segment, a metric tag and an RTSP path.
    id          VARCHAR(64) NOT NULL PRIMARY KEY,
    -- False keeps the camera (and its footage) but records nothing.
    enabled     BOOLEAN NOT NULL,
    -- How it was added: 'rtsp' (API, by stream URL), 'onvif' (API, by device address: PTZ, time and encoder
    -- configuration go through onvif_url), 'config' (nvr.yaml, rewritten at every start).
    source      VARCHAR(8) NOT NULL CHECK (source IN ('rtsp', 'onvif', 'config')),
    -- RTSP transport (org.nvr.core.rtsp.client.TransportMode): 'tcp', 'udp' or 'auto'.
    transport   VARCHAR(8) NOT NULL CHECK (transport IN ('tcp', 'udp', 'auto')),
    -- The ONVIF device service address (http or https, without credentials); only for source 'onvif'.
    onvif_url   VARCHAR(1024),
    -- The camera's user, for RTSP and ONVIF alike; NULL when the camera needs none.
    username    VARCHAR(256),
    -- The camera's password, in clear. Stored because the NVR logs in to the camera unattended, after every
    -- restart and reconnect, and RTSP Digest and ONVIF UsernameToken both need the password itself (no hash would
    -- do). Never returned by the API, never logged, never exported; the data directory's permissions protect it
    -- as they protect the video itself.
    password    VARCHAR(256),
    -- When the camera was added, and when it last changed (UTC).
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT camera_config_credentials_together CHECK ((username IS NULL) = (password IS NULL)),
    CONSTRAINT camera_config_onvif_url CHECK ((source = 'onvif') = (onvif_url IS NOT NULL))
);

-- A stream of a configured camera: 'main' (recorded at the highest resolution) and optionally 'sub' (the
-- lowest, for live view grids).
CREATE TABLE camera_stream (
    camera_id     VARCHAR(64) NOT NULL REFERENCES camera_config (id) ON DELETE CASCADE,
    name          VARCHAR(8) NOT NULL CHECK (name IN ('main', 'sub')),
    -- RTSP URL without credentials (rtsp://host[:port]/path): the URL may be logged and shown, the
    -- credentials are the camera's.
    url           VARCHAR(1024) NOT NULL,
    -- The ONVIF media profile the URL came from (GetStreamUri), to find its encoder configuration again; NULL
    -- for cameras added by URL.
    profile_token VARCHAR(64),
    CONSTRAINT camera_stream_pk PRIMARY KEY (camera_id, name)
);
