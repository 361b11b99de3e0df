package dev.benchfleet.orchestrator.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GzipSpoolTest {

    @TempDir
    Path dir;

    @Test
    void aGzipBodyBecomesAnOwnerOnlyFileOfItsOwnSize() throws IOException {
        byte[] gzip = gzip("benchmark output\n".repeat(100));

        GzipSpool.Spooled first = GzipSpool.spool(new ByteArrayInputStream(gzip), dir, ".upload-", 1 << 20);
        GzipSpool.Spooled second = GzipSpool.spool(new ByteArrayInputStream(gzip), dir, ".upload-", 1 << 20);

        assertThat(first.size()).isEqualTo(gzip.length);
        assertThat(Files.readAllBytes(first.file())).isEqualTo(gzip);
        assertThat(second.file()).isNotEqualTo(first.file());
        assertThat(first.file().getFileName().toString()).startsWith(".upload-").endsWith(".part");
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file()))).isEqualTo("rw-------");
        }
    }

    @Test
    void aRefusedBodyLeavesNoFile() throws IOException {
        assertThatThrownBy(() -> GzipSpool.spool(new ByteArrayInputStream("plain text".getBytes()), dir, ".upload-", 1 << 20))
                .isInstanceOf(UploadRejectedException.class).hasMessageContaining("not gzip");
        assertThatThrownBy(() -> GzipSpool.spool(new ByteArrayInputStream(gzip("x".repeat(5000))), dir, ".upload-", 10))
                .isInstanceOf(UploadRejectedException.class).hasMessageContaining("larger than 10 bytes");
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes());
        }
        return bytes.toByteArray();
    }
}
