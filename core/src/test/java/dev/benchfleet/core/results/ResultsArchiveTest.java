package dev.benchfleet.core.results;

import dev.benchfleet.core.error.ExternalException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultsArchiveTest {

    @TempDir
    Path dir;

    @Test
    void unpacksOneFolderPerTask() throws IOException {
        Path archive = tarGz(Map.of("c7g-1/output.txt", "fast", "c7g-1/metadata.json", "{}", "c7i-2/output.txt", "slow"));

        int files = ResultsArchive.unpack(archive, dir.resolve("results"));

        assertThat(files).isEqualTo(3);
        assertThat(dir.resolve("results/c7g-1/output.txt")).hasContent("fast");
        assertThat(dir.resolve("results/c7i-2/output.txt")).hasContent("slow");
    }

    @Test
    void refusesEntriesThatWouldLandOutsideTheResultsFolder() throws IOException {
        Path archive = tarGz(Map.of("../escaped.txt", "gotcha"));

        assertThatThrownBy(() -> ResultsArchive.unpack(archive, dir.resolve("results")))
                .isInstanceOf(ExternalException.class)
                .hasMessageContaining("outside its folder: ../escaped.txt");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aCorruptArchiveSaysWhereItIsKept() throws IOException {
        Path archive = Files.writeString(dir.resolve("broken.tar.gz"), "not gzip");

        assertThatThrownBy(() -> ResultsArchive.unpack(archive, dir.resolve("results")))
                .isInstanceOf(ExternalException.class)
                .hasMessageContaining("cannot be unpacked");
    }

    private Path tarGz(Map<String, String> files) throws IOException {
        Path archive = dir.resolve("results.tar.gz");
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(out))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey(), true);
                entry.setSize(bytes.length);
                tar.putArchiveEntry(entry);
                tar.write(bytes);
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }
}
