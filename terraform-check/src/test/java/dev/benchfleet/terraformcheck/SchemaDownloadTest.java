package dev.benchfleet.terraformcheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.benchfleet.terraformcheck.schema.HandmadePackage;
import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema download, end to end through the command line, against a loopback HTTP server standing in
 * for the npm registry and serving a small handmade provider package.
 */
class SchemaDownloadTest {

    private static final String TARBALL_PATH = "/@cdktf/provider-demo/-/provider-demo-9.9.9.tgz";

    @TempDir
    Path temp;

    private HttpServer server;
    private ExecutorService executor;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<byte[]> served = new AtomicReference<>(HandmadePackage.tarball());
    private final List<ProviderPackage> packages = List.of(HandmadePackage.pinned());

    @BeforeEach
    void startRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] body = exchange.getRequestURI().getPath().equals(TARBALL_PATH) ? served.get() : null;
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "fake-npm-registry"));
        server.setExecutor(executor);
        server.start();
    }

    @AfterEach
    void stopRegistry() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private String registry() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/";
    }

    private Path cache() {
        return temp.resolve("cache");
    }

    private Path module(String serverBody) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("module"));
        Files.writeString(dir.resolve("versions.tf"), """
                terraform {
                  required_providers {
                    demo = {
                      source  = "hashicorp/demo"
                      version = "~> 1.2"
                    }
                  }
                }
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("main.tf"), """
                data "demo_image" "base" {
                  name = "base"
                }

                resource "demo_server" "one" {
                """ + serverBody + """
                }

                output "address" {
                  value = demo_server.one.public_ipv4_address
                }
                """, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void fetchDownloadsTheTarballOnceAndBuildsTheExtract() {
        CheckRun run = CheckRun.of(packages, "--fetch", "--cache-dir", cache().toString(), "--registry", registry());

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(requests).containsExactly("GET " + TARBALL_PATH);
        assertThat(cache().resolve("provider-demo-9.9.9.tgz")).hasBinaryContent(HandmadePackage.tarball());
        assertThat(cache().resolve("provider-demo-9.9.9.schema.json")).isRegularFile();
        assertThat(run.out()).contains("hashicorp/demo 1.2.3");
    }

    @Test
    void aCheckWithoutTheSchemaDownloadsItThenLaterRunsNeedNoNetwork() throws IOException {
        Path module = module("  size = \"small\"\n  disk {\n    size_gb = data.demo_image.base.image_id\n  }\n");

        CheckRun first = CheckRun.of(packages, "--cache-dir", cache().toString(), "--registry", registry(), module.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).contains("downloading @cdktf/provider-demo@9.9.9");
        assertThat(requests).hasSize(1);

        Files.writeString(module.resolve("main.tf"), Files.readString(module.resolve("main.tf")).replace("size_gb", "size_gib"));
        CheckRun offline = CheckRun.of(packages, "--offline", "--cache-dir", cache().toString(), module.toString());
        assertThat(offline.exitCode()).as(offline.toString()).isEqualTo(1);
        assertThat(offline.out()).contains("main.tf:8: `size_gib` is not an argument of block `disk` of `demo_server`; did you mean `size_gb`?");
        assertThat(requests).hasSize(1);
    }

    @Test
    void aTarballWithoutThePinnedHashIsRefusedAndNotKept() {
        served.set("something else".getBytes(StandardCharsets.UTF_8));

        CheckRun run = CheckRun.of(packages, "--fetch", "--cache-dir", cache().toString(), "--registry", registry());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("does not have the pinned SHA-512 of @cdktf/provider-demo@9.9.9");
        assertThat(cache()).isEmptyDirectory();
    }

    @Test
    void aMissingPackageIsExitTwoWithTheStatus() {
        List<ProviderPackage> other = List.of(new ProviderPackage("demo", "@cdktf/provider-demo", "0.0.1", "hashicorp/demo", "1.2.3", "00"));

        CheckRun run = CheckRun.of(other, "--fetch", "--cache-dir", cache().toString(), "--registry", registry());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("answered HTTP 404").contains("provider-demo-0.0.1.tgz");
    }

    @Test
    void anUnreachableRegistryIsExitTwoSayingSo() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }

        CheckRun run = CheckRun.of(packages, "--fetch", "--cache-dir", cache().toString(), "--registry", "http://127.0.0.1:" + closedPort + "/");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("cannot download http://127.0.0.1:" + closedPort + TARBALL_PATH).contains("Fix: check the network reaches");
    }

    @Test
    void offlineWithoutTheSchemaIsExitTwoSayingHowToGetIt() throws IOException {
        Path module = module("  size = \"small\"\n  disk {\n    size_gb = 1\n  }\n");

        CheckRun run = CheckRun.of(packages, "--offline", "--cache-dir", cache().toString(), module.toString());

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
        assertThat(run.err()).contains("no schema of hashicorp/demo 1.2.3").contains("--offline forbids downloading it")
                .contains("--fetch");
        assertThat(requests).isEmpty();
    }

    @Test
    void recursiveFindsTheModulesBelowAndNoneIsExitTwo() throws IOException {
        Path module = module("  size = \"small\"\n  disk {\n    size_gb = 1\n  }\n");
        CheckRun.of(packages, "--fetch", "--cache-dir", cache().toString(), "--registry", registry());

        CheckRun found = CheckRun.of(packages, "--offline", "--cache-dir", cache().toString(), "-r", temp.toString());
        CheckRun none = CheckRun.of(packages, "--offline", "--cache-dir", cache().toString(), "-r", cache().toString());

        assertThat(found.exitCode()).as(found.toString()).isZero();
        assertThat(found.out()).contains("1 module, no findings");
        assertThat(module.getParent()).isEqualTo(temp);
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no folder in or below [" + cache() + "] holds .tf files");
    }

    @Test
    void aFolderWithoutTerraformFilesIsExitTwo() throws IOException {
        Path empty = Files.createDirectories(temp.resolve("empty"));

        CheckRun run = CheckRun.of(packages, "--offline", "--cache-dir", cache().toString(), empty.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(empty + " holds no .tf files");
        try (Stream<Path> files = Files.list(temp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("empty");
        }
    }
}
