package dev.benchfleet.taskrunner.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.protocol.TaskId;
import dev.benchfleet.protocol.AssignedTask;
import dev.benchfleet.taskrunner.testserver.TarGz;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {

    @TempDir
    Path dir;

    private final ObjectMapper mapper = new ObjectMapper();
    private final ArchiveWriter writer = new ArchiveWriter(mapper);
    private final Instant start = Instant.parse("2026-01-02T03:04:05Z");
    private final Instant end = Instant.parse("2026-01-02T03:09:05Z");

    @Test
    void resultArchiveHoldsTheOutputsAndExactMetadata() throws IOException {
        Files.writeString(dir.resolve("output.txt"), "table");
        Files.writeString(dir.resolve("output.csv"), "a,b");
        Files.writeString(dir.resolve("benchmark.log"), "not archived");
        AssignedTask task = new AssignedTask(new TaskId("42", true), "aws", "c7g.large", null, 3, "3.4.1");

        Path archive = writer.writeResult(dir, new ResultMetadata(task, start, end, ResultMetadata.Status.SUCCESS, "r-1"),
                dir.resolve("result.tar.gz"));

        Map<String, byte[]> entries = TarGz.read(Files.readAllBytes(archive));
        assertThat(entries.keySet()).containsExactly("output.txt", "output.csv", "metadata.json");
        assertThat(new String(entries.get("output.txt"), StandardCharsets.UTF_8)).isEqualTo("table");
        JsonNode metadata = mapper.readTree(entries.get("metadata.json"));
        assertThat(metadata.toString()).isEqualTo("{\"task_id\":42,\"provider\":\"aws\",\"instance_type\":\"c7g.large\","
                + "\"alias\":\"c7g.large\",\"ruby_version\":\"3.4.1\",\"run\":3,\"start_time\":\"2026-01-02T03:04:05Z\","
                + "\"end_time\":\"2026-01-02T03:09:05Z\",\"status\":\"success\",\"runner_id\":\"r-1\"}");
    }

    @Test
    void textTaskIdsStayText() throws IOException {
        Files.writeString(dir.resolve("output.txt"), "x");
        AssignedTask task = new AssignedTask(new TaskId("task-9", false), "aws", "t", "a", 1, "3.4.1");
        Path archive = writer.writeResult(dir, new ResultMetadata(task, start, end, ResultMetadata.Status.SUCCESS, "r"),
                dir.resolve("r.tar.gz"));
        JsonNode metadata = mapper.readTree(TarGz.read(Files.readAllBytes(archive)).get("metadata.json"));
        assertThat(metadata.get("task_id").isTextual()).isTrue();
        assertThat(metadata.get("alias").asText()).isEqualTo("a");
    }

    @Test
    void errorArchiveHoldsErrorTxtAndErrorMetadata() throws IOException {
        AssignedTask task = new AssignedTask(new TaskId("5", true), "azure", "Standard_D2s_v5", "d2s", 1, "3.4.1");
        Path archive = writer.writeError("it broke\n", new ResultMetadata(task, start, end, ResultMetadata.Status.ERROR,
                "r-2"), dir.resolve("error.tar.gz"));
        Map<String, byte[]> entries = TarGz.read(Files.readAllBytes(archive));
        assertThat(entries.keySet()).containsExactly("error.txt", "metadata.json");
        assertThat(new String(entries.get("error.txt"), StandardCharsets.UTF_8)).isEqualTo("it broke\n");
        assertThat(mapper.readTree(entries.get("metadata.json")).get("status").asText()).isEqualTo("error");
    }

    @Test
    void refusesAResultWithoutOutputTxt() {
        AssignedTask task = new AssignedTask(new TaskId("5", true), "azure", "t", "a", 1, "3.4.1");
        assertThatThrownBy(() -> writer.writeResult(dir,
                new ResultMetadata(task, start, end, ResultMetadata.Status.SUCCESS, "r"), dir.resolve("x.tar.gz")))
                .isInstanceOf(IOException.class).hasMessageContaining("output.txt");
    }
}
