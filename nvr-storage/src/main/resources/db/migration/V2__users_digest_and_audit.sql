-- NVR index, schema version 2: what the users need for RTSP Digest and for being disabled, and indexes for
-- filtering the audit log (nvr audit --user, --action).
--
-- Released migrations are never edited (see V1): change the schema only by adding V3__... files.

-- Digest secrets. RTSP clients and VMSs authenticate with Digest (RFC 7616; RTSP runs without TLS in practice, so
-- Basic would send the password in clear), whose server side needs H(A1) = H(user:realm:password) (RFC 7616 §3.4.2), which a salted slow password hash cannot
-- give. So the secret is stored beside the hash, for the fixed realm "NVR" (UserDirectory.DIGEST_REALM) and the
-- two algorithms clients use (MD5, SHA-256; the -sess variants derive from these with the nonces).
-- H(A1) is password-equivalent for this realm: whoever reads it can log in to this NVR without the password.
-- It is also a fast hash (salted only by user name and realm), so a leaked value allows cheap offline guessing
-- of a weak password. Hence the same protections as password_hash: never logged, shown, exported or returned by
-- any API, and the user list never selects it.
-- Nullable: a user created by a later tool may opt out of Digest (Basic over TLS only), and a secret is only
-- ever set together with the password, which the server never keeps.
-- Lower-case hex, 32 characters (MD5) or 64 (SHA-256); the hex test is V1's (segment.sha256).
ALTER TABLE app_user ADD COLUMN digest_ha1_md5 VARCHAR(32);
ALTER TABLE app_user ADD CONSTRAINT app_user_digest_ha1_md5_hex CHECK (digest_ha1_md5 IS NULL
    OR (CHAR_LENGTH(digest_ha1_md5) = 32
        AND REPLACE(TRANSLATE(digest_ha1_md5, '0123456789abcdef', '0000000000000000'), '0', '') = ''));
ALTER TABLE app_user ADD COLUMN digest_ha1_sha256 VARCHAR(64);
ALTER TABLE app_user ADD CONSTRAINT app_user_digest_ha1_sha256_hex CHECK (digest_ha1_sha256 IS NULL
    OR (CHAR_LENGTH(digest_ha1_sha256) = 64
        AND REPLACE(TRANSLATE(digest_ha1_sha256, '0123456789abcdef', '0000000000000000'), '0', '') = ''));

-- A disabled user keeps its row (its name stays taken and its audit entries keep meaning someone) but can no
-- longer log in by any method.
ALTER TABLE app_user ADD COLUMN disabled BOOLEAN DEFAULT FALSE NOT NULL;

-- When the password, role or disabled flag last changed (UTC). Rows from schema version 1 take created_at.
ALTER TABLE app_user ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE app_user SET updated_at = created_at;
ALTER TABLE app_user ALTER COLUMN updated_at SET NOT NULL;

-- nvr audit filters by user or by action (prefix), newest first, over a log that only grows.
CREATE INDEX audit_user_at ON audit (user_name, at);
CREATE INDEX audit_action_at ON audit (action, at);
