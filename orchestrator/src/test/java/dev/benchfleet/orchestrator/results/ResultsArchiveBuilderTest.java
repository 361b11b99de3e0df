package dev.benchfleet.orchestrator.results;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.protocol.RunStatus;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.orchestrator.uploads.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsArchiveBuilderTest {

    @TempDir
    Path dir;

    private static TaskRecord task(long id, String alias, TaskStatus status, String key) {
        return new TaskRecord(id, "9", "local", "docker", alias, 1, status, "r", null, null, null, null, null, null,
                null, null, key, null);
    }

    @Test
    void takesKnownFilesFromNestedFoldersAndSurvivesBrokenUploads() throws Exception {
        ObjectStore objects = new ObjectStore(dir.resolve("objects"));
        objects.write("9/good.tar.gz", new ByteArrayInputStream(tarGz(Map.of(
                "./out/output.txt", "hello", "out/metadata.json", "{\"status\":\"success\"}", "secret.env", "x"))),
                1 << 20);
        byte[] broken = {0x1f, (byte) 0x8b, 1, 2, 3};
        objects.write("9/broken.tar.gz", new ByteArrayInputStream(broken), 1 << 20);

        ResultsArchiveBuilder builder = new ResultsArchiveBuilder(objects, new ObjectStore(dir.resolve("results")),
                dir.resolve("spool"), new ObjectMapper());
        RunRecord run = new RunRecord("9", RunStatus.RUNNING, "3.4", 1, Instant.EPOCH, null, null);
        builder.build(run, List.of(
                task(1, "good", TaskStatus.COMPLETED, "9/good.tar.gz"),
                task(2, "broken", TaskStatus.COMPLETED, "9/broken.tar.gz"),
                task(3, "missing", TaskStatus.COMPLETED, "9/none.tar.gz"),
                task(4, "failed", TaskStatus.FAILED, null)));

        Path archive = dir.resolve("results").resolve("9.tar.gz");
        try (java.io.InputStream in = builder.archive("9").orElseThrow().open()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(archive));
        }
        Map<String, String> files = read(Files.readAllBytes(archive));
        assertThat(files).containsEntry("good-1/output.txt", "hello")
                .containsEntry("good-1/metadata.json", "{\"status\":\"success\"}")
                .doesNotContainKey("good-1/secret.env");
        assertThat(files.get("broken-2/metadata.json")).contains("\"task_id\" : 2").contains("\"alias\" : \"broken\"");
        assertThat(files).containsKey("missing-3/metadata.json");
        assertThat(files.keySet()).noneMatch(n -> n.startsWith("failed-4"));
    }

    static byte[] tarGz(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                byte[] content = e.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(e.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    static Map<String, String> read(byte[] archive) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (InputStream in = new ByteArrayInputStream(archive);
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (!e.isDirectory()) {
                    files.put(e.getName(), new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
