package dev.benchfleet.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and malformed requests (seeded, so a failure replays): none may get a 5xx,
 * and the server must still work normally afterwards.
 */
class FuzzTest {

    private static final String KEY = "fuzz-test-key";
    private static final long SEED = 20261129L;
    private static final int REQUESTS = 3000;

    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "POST", "POST"};
    private static final String[] PATHS = {"/up", "/runs", "/runs/%s", "/runs/%s/tasks", "/runs/%s/stop",
        "/runs/%s/tasks/claim", "/tasks/%s/heartbeat", "/tasks/%s/complete", "/tasks/%s/fail", "/uploads/%s",
        "/uploads/1/local/x-%s/result.tar.gz?expires=99999999999&signature=abc", "/results/%s.tar.gz",
        "/dashboard/runs/%s", "/", "/%s", "/runs/%s/%s/%s"};
    private static final String[] FIELDS = {"run_id", "ruby_version", "runs_per_instance_type", "per_instance_type",
        "local", "aws", "provider", "instance_type", "runner_id", "status", "message", "progress_pct",
        "s3_result_key", "error_type", "error_message", "tasks", "alias", "_c"};

    @TempDir
    Path dir;

    @Test
    void randomRequestsNeverCauseServerErrors() throws Exception {
        Random random = new Random(SEED);
        try (Orchestrator o = Orchestrator.start(OrchestratorOptions.builder().apiKey(KEY).dataDir(dir)
                .maxUploadBytes(64 * 1024).build())) {
            TestHttp http = new TestHttp(o.url(), KEY);
            http.post("/runs", "{\"run_id\":\"1\",\"ruby_version\":\"3\",\"runs_per_instance_type\":50,"
                    + "\"local\":[\"docker\"]}");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            List<String> serverErrors = new ArrayList<>();
            String previous = "nothing";
            for (int i = 0; i < REQUESTS; i++) {
                HttpRequest request = randomRequest(random, o.url());
                HttpResponse<String> r;
                try {
                    r = client.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException e) {
                    throw new AssertionError(request.method() + " " + request.uri() + " got no answer (after "
                            + previous + "): " + e, e);
                }
                previous = request.method() + " " + request.uri() + " " + request.headers().map() + " -> "
                        + r.statusCode() + " " + r.headers().map();
                if (r.statusCode() >= 500) {
                    serverErrors.add(request.method() + " " + request.uri() + " -> " + r.statusCode() + " " + r.body());
                }
            }
            assertThat(serverErrors).isEmpty();

            // still healthy: a normal claim and heartbeat work
            assertThat(http.get("/up").status()).isEqualTo(200);
            var claim = http.post("/runs/1/tasks/claim",
                    "{\"provider\":\"local\",\"instance_type\":\"docker\",\"runner_id\":\"after-fuzz\"}");
            assertThat(claim.status()).isEqualTo(200);
            assertThat(claim.json().get("status").asText()).isIn("assigned", "wait", "done");
        }
    }

    private static HttpRequest randomRequest(Random random, URI base) {
        String method = METHODS[random.nextInt(METHODS.length)];
        String template = PATHS[random.nextInt(PATHS.length)];
        Object[] parts = {segment(random), segment(random), segment(random)};
        String path = String.format(template, parts);
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        int auth = random.nextInt(4);
        if (auth == 0 || auth == 1) {
            b.header("Authorization", "Bearer " + KEY);
        } else if (auth == 2) {
            b.header("Authorization", random.nextBoolean() ? "Bearer" : "Basic " + KEY);
        }
        if (random.nextInt(5) == 0) {
            b.header("Content-Type", "application/gzip");
        }
        byte[] body = body(random);
        return b.method(method, body.length == 0 && random.nextBoolean() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static String segment(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> "1";
            case 1 -> String.valueOf(random.nextInt(60) - 5);
            case 2 -> "99999999999999999999999";
            case 3 -> "%2e%2e";
            case 4 -> URLEncoder.encode(randomText(random, 1 + random.nextInt(20)), StandardCharsets.UTF_8);
            case 5 -> "a".repeat(1 + random.nextInt(300));
            case 6 -> "..";
            default -> "";
        };
    }

    private static byte[] body(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> new byte[0];
            case 1 -> {
                byte[] junk = new byte[random.nextInt(200)];
                random.nextBytes(junk);
                yield junk;
            }
            case 2 -> json(random, 0).getBytes(StandardCharsets.UTF_8);
            case 3 -> {
                String j = json(random, 0);
                yield j.substring(0, random.nextInt(j.length() + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 4 -> ("[".repeat(2000 + random.nextInt(500))).getBytes(StandardCharsets.UTF_8);
            case 5 -> new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3};
            default -> objectOfFields(random).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String objectOfFields(Random random) {
        StringBuilder s = new StringBuilder("{");
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":").append(json(random, 2));
        }
        return s.append('}').toString();
    }

    private static String json(Random random, int depth) {
        int kind = depth > 3 ? random.nextInt(6) : random.nextInt(8);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextInt() - random.nextInt());
            case 3 -> random.nextBoolean() ? "1e400" : "-0.5";
            case 4 -> "\"" + randomText(random, random.nextInt(30)).replace("\\", "").replace("\"", "") + "\"";
            case 5 -> "\"docker\"";
            case 6 -> {
                StringBuilder a = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.append(i > 0 ? "," : "").append(json(random, depth + 1));
                }
                yield a.append(']').toString();
            }
            default -> objectOfFields(random);
        };
    }

    private static String randomText(Random random, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(10);
            s.append(pick < 6 ? (char) ('a' + random.nextInt(26)) : pick < 8 ? (char) (0x20 + random.nextInt(95))
                    : (char) (0xA0 + random.nextInt(0x2000)));
        }
        return s.toString();
    }
}
