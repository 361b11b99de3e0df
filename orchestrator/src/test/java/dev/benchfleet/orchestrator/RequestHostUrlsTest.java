package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a public URL, handed-out URLs follow the Host a request came in on: a runner in a container
 * that reaches the orchestrator as host.docker.internal gets upload URLs it can reach, while the
 * master on 127.0.0.1 gets 127.0.0.1 URLs.
 */
class RequestHostUrlsTest {

    private static final String KEY = "host-urls-key";

    @TempDir
    Path dir;

    @Test
    void uploadUrlsFollowTheRequestHostUnlessAPublicUrlIsSet() throws Exception {
        try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir).build())) {
            new TestHttp(o.url(), KEY).post("/runs", "{\"run_id\":\"7\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":2,"
                    + "\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}");

            JsonNode viaGateway = claim(o.url(), "host.docker.internal:" + o.url().getPort());
            JsonNode oddButValid = claim(o.url(), "evil_host.example");

            assertThat(viaGateway.at("/presigned_urls/result_upload_url").asText())
                    .startsWith("http://host.docker.internal:" + o.url().getPort() + "/uploads/");
            assertThat(oddButValid.at("/presigned_urls/result_upload_url").asText())
                    .as("a Host that is not a plain host:port falls back to the bound URL")
                    .startsWith(o.url() + "/uploads/");
            assertThat(rawStatus(o.url(), "evil.example/path?x="))
                    .as("a Host that is no host at all is refused by the HTTP server").startsWith("HTTP/1.1 400");
        }
    }

    @Test
    void aPublicUrlWinsOverTheRequestHost() throws Exception {
        OrchestratorOptions options = OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                .publicUrl(URI.create("http://bench.example:8080")).build();
        try (Orchestrator o = Orchestrator.start(options)) {
            new TestHttp(o.url(), KEY).post("/runs", "{\"run_id\":\"8\",\"ruby_version\":\"3.4\",\"runs_per_instance_type\":1,"
                    + "\"local\":[{\"instance_type\":\"docker\",\"alias\":\"box\"}]}");

            JsonNode claim = claim(o.url(), "host.docker.internal:" + o.url().getPort(), "8");

            assertThat(claim.at("/presigned_urls/result_upload_url").asText()).startsWith("http://bench.example:8080/uploads/");
        }
    }

    private static String rawStatus(URI url, String hostHeader) throws IOException {
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /up HTTP/1.1\r\nHost: " + hostHeader + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static JsonNode claim(URI url, String hostHeader) throws IOException {
        return claim(url, hostHeader, "7");
    }

    /** A raw request: the JDK's HTTP clients do not let a caller set Host. */
    private static JsonNode claim(URI url, String hostHeader, String runId) throws IOException {
        byte[] body = "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"r\"}".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /runs/" + runId + "/tasks/claim HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + KEY
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
            return TestHttp.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        }
    }
}
