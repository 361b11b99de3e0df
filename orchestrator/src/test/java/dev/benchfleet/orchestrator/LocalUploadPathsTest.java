package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runners on the orchestrator's own host get file paths, and what they copy there is used. */
class LocalUploadPathsTest {

    private static final String KEY = "local-paths-key";

    @TempDir
    Path dir;

    @Test
    void aCopiedFileCountsAsTheUpload() throws Exception {
        OrchestratorOptions settings = OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).localUploadPaths(true)
                .publicUrl(URI.create("http://orchestrator.invalid:9999/")).build();
        try (Orchestrator o = Orchestrator.start(settings)) {
            TestHttp http = new TestHttp(o.url(), KEY);
            http.post("/runs", "{\"run_id\":\"5\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":1,"
                    + "\"local\":[{\"instance_type\":\"process\",\"alias\":\"here\"}]}");
            JsonNode claim = http.post("/runs/5/tasks/claim",
                    "{\"provider\":\"local\",\"instance_type\":\"process\",\"runner_id\":\"r\"}").json();
            JsonNode urls = claim.get("presigned_urls");
            String target = urls.get("result_upload_url").asText();
            assertThat(target).startsWith("/");
            assertThat(Path.of(target).startsWith(dir.toRealPath())).isTrue();
            assertThat(Path.of(target).getParent()).isDirectory();

            Files.write(Path.of(target), TarGz.of(Map.of("output.txt", "local result")));
            long id = claim.get("task").get("id").asLong();
            http.post("/tasks/" + id + "/complete",
                    "{\"runner_id\":\"r\",\"s3_result_key\":\"" + urls.get("result_key").asText() + "\"}");

            String gzipUrl = http.get("/runs/5?wait=10").json().get("gzip_url").asText();
            // the configured public URL is what clients are told to use
            assertThat(gzipUrl).startsWith("http://orchestrator.invalid:9999/results/");
            String local = o.url() + gzipUrl.substring("http://orchestrator.invalid:9999".length());
            assertThat(TarGz.read(http.download(local))).containsEntry("here-" + id + "/output.txt", "local result");
        }
    }
}
