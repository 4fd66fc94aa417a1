package org.nvr.storage.cameras;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nvr.core.model.NvrException;
import org.nvr.core.model.NvrException.Kind;
import org.nvr.core.rtsp.client.TransportMode;
import org.nvr.storage.index.Database;

class H2CameraStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:15:00Z");
    private static final Instant T1 = Instant.parse("2026-11-24T11:00:00.123456Z");

    private Database db;
    private H2CameraStore store;

    @BeforeEach
    void open() {
        db = Database.inMemory("cameras-" + System.nanoTime());
        store = new H2CameraStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static StoredCamera rtsp(String id) {
        return new StoredCamera(id, true, CameraSource.RTSP, TransportMode.TCP, Optional.empty(),
                Optional.of("nvr"), Optional.of("s3cret pass"),
                List.of(new StoredStream("main", "rtsp://192.0.2.10/Streaming/Channels/101", Optional.empty())),
                T0, T0);
    }

    static StoredCamera onvif(String id) {
        return new StoredCamera(id, true, CameraSource.ONVIF, TransportMode.UDP,
                Optional.of(URI.create("http://192.0.2.10/onvif/device_service")), Optional.of("nvr"),
                Optional.of("pw"), List.of(new StoredStream("main", "rtsp://192.0.2.10/main", Optional.of("Profile_1")),
                new StoredStream("sub", "rtsp://192.0.2.10/sub", Optional.of("Profile_2"))), T0, T0);
    }

    @Test
    void addsAndReadsBackEveryField() {
        store.add(onvif("gate"));
        store.add(rtsp("town-square"));
        assertThat(store.get("gate")).contains(onvif("gate"));
        assertThat(store.get("town-square")).contains(rtsp("town-square"));
        assertThat(store.list()).containsExactly(onvif("gate"), rtsp("town-square"));
        assertThat(store.get("nope")).isEmpty();
    }

    @Test
    void aTakenIdIsAFailedPrecondition() {
        store.add(rtsp("gate"));
        assertThatThrownBy(() -> store.add(onvif("gate")))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.FAILED_PRECONDITION))
                .hasMessageContaining("'gate' already exists");
        // The failed add left the first camera as it was (streams too: one transaction).
        assertThat(store.get("gate")).contains(rtsp("gate"));
    }

    @Test
    void setEnabledChangesTheFlagAndUpdatedAt() {
        store.add(rtsp("gate"));
        StoredCamera off = store.setEnabled("gate", false, T1);
        assertThat(off).isEqualTo(rtsp("gate").withEnabled(false, T1));
        assertThat(store.get("gate")).contains(off);
        assertThatThrownBy(() -> store.setEnabled("nope", true, T1))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
    }

    @Test
    void removeCascadesToStreams() throws Exception {
        store.add(onvif("gate"));
        assertThat(store.remove("gate")).isTrue();
        assertThat(store.remove("gate")).isFalse();
        assertThat(store.list()).isEmpty();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM camera_stream")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
        // The id is free again.
        store.add(rtsp("gate"));
        assertThat(store.get("gate")).contains(rtsp("gate"));
    }

    @Test
    void updateReplacesSettingsAndStreamsButNotConfigCameras() throws Exception {
        store.add(onvif("gate"));
        store.add(rtsp("yard"));
        StoredCamera changed = new StoredCamera("gate", true, CameraSource.ONVIF, TransportMode.TCP,
                Optional.of(URI.create("http://192.0.2.10/onvif/device_service")), Optional.of("admin"),
                Optional.of("new pw"), List.of(new StoredStream("main", "rtsp://192.0.2.10/main2",
                Optional.of("Profile_1"))), T0, T1);
        assertThat(store.update(changed)).isEqualTo(changed);
        assertThat(store.get("gate")).contains(changed);
        // The dropped sub stream is gone from the table; the other camera is untouched.
        try (Connection c = db.connection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM camera_stream WHERE camera_id = 'gate'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
        assertThat(store.get("yard")).contains(rtsp("yard"));
        assertThatThrownBy(() -> store.update(rtsp("nope")))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
        store.replaceConfigured(List.of(configured("file", "rtsp://192.0.2.1/a")));
        assertThatThrownBy(() -> store.update(rtsp("file")))
                .isInstanceOfSatisfying(NvrException.class, e -> assertThat(e.kind())
                        .isEqualTo(Kind.FAILED_PRECONDITION));
        assertThat(store.get("file").orElseThrow().source()).isEqualTo(CameraSource.CONFIG);
    }

    @Test
    void configuredCamerasReplaceEarlierOnesAndTheFileWins() {
        StoredCamera old = configured("old", "rtsp://192.0.2.1/a");
        store.replaceConfigured(List.of(old));
        store.add(rtsp("gate"));
        store.add(rtsp("yard"));
        List<String> replaced = store.replaceConfigured(List.of(configured("gate", "rtsp://192.0.2.2/b")));
        assertThat(replaced).containsExactly("gate");
        assertThat(store.list()).extracting(StoredCamera::id, StoredCamera::source)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gate", CameraSource.CONFIG),
                        org.assertj.core.groups.Tuple.tuple("yard", CameraSource.RTSP));
        assertThat(store.get("gate").orElseThrow().streams().get(0).url()).isEqualTo("rtsp://192.0.2.2/b");
        assertThatThrownBy(() -> store.replaceConfigured(List.of(rtsp("x"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static StoredCamera configured(String id, String url) {
        return new StoredCamera(id, true, CameraSource.CONFIG, TransportMode.AUTO, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(new StoredStream("main", url, Optional.empty())), T0, T0);
    }

    @Test
    void recordsRefuseBadValues() {
        assertThatThrownBy(() -> new StoredStream("main", "rtsp://u:p@192.0.2.1/", Optional.empty()))
                .hasMessageContaining("credentials");
        assertThatThrownBy(() -> new StoredStream("third", "rtsp://192.0.2.1/", Optional.empty()))
                .hasMessageContaining("main or sub");
        assertThatThrownBy(() -> new StoredStream("main", "http://192.0.2.1/", Optional.empty()))
                .hasMessageContaining("rtsp://");
        StoredStream sub = new StoredStream("sub", "rtsp://192.0.2.1/", Optional.empty());
        assertThatThrownBy(() -> new StoredCamera("Gate", true, CameraSource.RTSP, TransportMode.TCP,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(sub), T0, T0))
                .hasMessageContaining("camera id");
        assertThatThrownBy(() -> new StoredCamera("gate", true, CameraSource.RTSP, TransportMode.TCP,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(sub), T0, T0))
                .hasMessageContaining("first stream must be main");
        assertThatThrownBy(() -> new StoredCamera("gate", true, CameraSource.ONVIF, TransportMode.TCP,
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), T0, T0))
                .hasMessageContaining("ONVIF address");
        assertThatThrownBy(() -> new StoredCamera("gate", true, CameraSource.RTSP, TransportMode.TCP,
                Optional.empty(), Optional.of("nvr"), Optional.empty(), List.of(), T0, T0))
                .hasMessageContaining("go together");
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(rtsp("gate").toString()).doesNotContain("s3cret").contains("password=***");
    }

    @Test
    void aVersion2IndexMigratesAndKeepsItsRows(@TempDir Path dataDir) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("index/nvr");
        Flyway.configure().dataSource(url, "sa", "").locations(Database.MIGRATIONS_LOCATION).target("2").load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO camera (id, created_at) VALUES ('gate', TIMESTAMP WITH TIME ZONE"
                    + " '2024-06-01 08:00:00+00')");
        }
        try (Database v3 = Database.open(dataDir)) {
            H2CameraStore migrated = new H2CameraStore(v3);
            assertThat(migrated.list()).isEmpty();
            migrated.add(rtsp("gate"));
            assertThat(migrated.get("gate")).contains(rtsp("gate"));
            try (Connection c = v3.connection(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT COUNT(*) FROM camera WHERE id = 'gate'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the V1 camera row survives").isEqualTo(1);
            }
        }
    }
}
