package org.nvr.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.nvr.cli.client.ApiPath;
import org.nvr.cli.client.ClientEnvironment;
import org.nvr.cli.client.ClientFailure;
import org.nvr.cli.client.Credentials;
import org.nvr.cli.client.ImageClient;
import org.nvr.cli.client.ServerTarget;
import org.nvr.cli.client.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nvr snapshot CAMERA -o FILE.jpg [--stream main] [--force]}: {@code GET
 * /api/v1/cameras/{id}/snapshot.jpg} (viewer) written to a file. The file appears whole or not at all (written
 * beside it, forced to disk, then renamed), and an existing file is kept unless {@code --force}.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Save the camera's latest picture as a JPEG file (admin API).",
            "Exit codes: 0 done, 1 failed (also: camera not streaming), 2 usage or file exists, 3 refused"
                + " credentials or role, 4 unknown camera or stream, 5 server unreachable."})
final class SnapshotCommand implements Callable<Integer> {
    private static final String JPEG = "image/jpeg";

    private final ClientEnvironment environment;

    @Mixin
    private AdminOptions admin;

    @Parameters(index = "0", paramLabel = "CAMERA", description = "Camera id.")
    private String camera;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "Where to write the JPEG.")
    private Path output;

    @Option(names = "--stream", paramLabel = "NAME", defaultValue = "main",
            description = "The camera's stream (default: ${DEFAULT-VALUE}).")
    private String stream;

    @Option(names = "--force", description = "Replace FILE if it exists.")
    private boolean force;

    /** The real environment and console. */
    SnapshotCommand() {
        this(ClientEnvironment.system());
    }

    /** For tests. */
    SnapshotCommand(ClientEnvironment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        return admin.run(environment, session -> {
            ApiPath path = ApiPath.camera(camera, "snapshot.jpg").query(Map.of("stream", stream));
            Path target = output.toAbsolutePath();
            // Checked before asking for a password; the write below refuses again, race-free.
            if (!force && Files.exists(target)) {
                throw ClientFailure.usage(target + " exists; give --force to replace it");
            }
            ServerTarget server = ServerTarget.resolve(admin.server, admin.user, session.environment());
            char[] password = Credentials.password(session.environment(), Credentials.NVR_PASSWORD,
                    "Password for " + server.user() + " at " + server.server());
            byte[] jpeg = new ImageClient(server.server(), Credentials.basicAuthorization(server.user(), password))
                    .get(path, JPEG);
            write(target, jpeg, session.err());
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.put("file", target.toString());
            answer.put("bytes", jpeg.length);
            session.show(answer, out -> out.println("wrote " + TextTable.printable(target.toString()) + " ("
                    + jpeg.length + " bytes)"));
        });
    }

    private void write(Path target, byte[] jpeg, PrintWriter err) throws ClientFailure {
        Path dir = target.getParent();
        Path part;
        try {
            part = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "cannot write in " + dir + ": " + e.getMessage(), e);
        }
        try {
            try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(jpeg);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (force) {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                placeWithoutReplacing(part, target);
            }
        } catch (FileAlreadyExistsException e) {
            throw ClientFailure.usage(target + " exists; give --force to replace it");
        } catch (AtomicMoveNotSupportedException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "the file system of " + dir + " cannot replace "
                    + target.getFileName() + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new ClientFailure(ClientFailure.Kind.ERROR, "cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                err.println("warning: cannot remove " + part + ": " + e.getMessage());
            }
        }
    }

    /** Gives {@code part} the name {@code target}, failing if that exists. */
    private static void placeWithoutReplacing(Path part, Path target) throws IOException {
        try {
            // A hard link fails if the name exists, where rename(2) would replace it silently.
            Files.createLink(target, part);
        } catch (UnsupportedOperationException e) {
            // No hard links (FAT, some network shares): a plain move, which refuses an existing target.
            Files.move(part, target);
        }
    }
}
