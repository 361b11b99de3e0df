package dev.benchfleet.examples.e2e;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code runner.jar catalog refresh aws} against AWS's price list served on loopback from a small sample of the
 * offer file's shape, then {@code plan} reading the refreshed prices from the user's price catalog.
 */
class CatalogRefreshIT {

    @TempDir
    Path workDir;

    private record Result(int exitCode, String stderr, String stdout) {
    }

    private Result run(Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", LocalRuns.examplesDir().resolve("runner.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("stdout.txt").toFile()).redirectError(workDir.resolve("stderr.txt").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("runner.jar finishes").isTrue();
        } finally {
            process.destroyForcibly();
        }
        return new Result(process.exitValue(), Files.readString(workDir.resolve("stderr.txt")),
                Files.readString(workDir.resolve("stdout.txt")));
    }

    @Test
    void refreshWritesTheUsersPriceCatalogAndPlanShowsThePricesWithTheirSource() throws Exception {
        byte[] sample = Files.readAllBytes(LocalRuns.examplesDir().getParent()
                .resolve("provider-aws/src/test/resources/pricing/aws-offer-sample.json"));
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            asked.add(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(200, sample.length);
            exchange.getResponseBody().write(sample);
            exchange.close();
        });
        server.start();
        Path home = Files.createDirectories(workDir.resolve("home"));
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Map<String, String> env = Map.of("HOME", home.toString(), "BENCHFLEET_AWS_PRICE_LIST_URL", base);
        Result refresh;
        try {
            refresh = run(env, "catalog", "refresh", "aws", "--region", "us-east-1");
        } finally {
            server.stop(0);
        }

        assertThat(refresh.exitCode()).as(refresh.stderr()).isZero();
        assertThat(asked).containsExactly("/offers/v1.0/aws/AmazonEC2/current/us-east-1/index.json");
        Path file = home.resolve(".benchfleet/catalogs/aws-prices.json");
        assertThat(refresh.stderr()).contains("wrote " + file).contains("3 on-demand Linux prices of us-east-1")
                .contains("published 2026-11-20T00:00:00Z");
        assertThat(Files.readString(file)).contains("\"c7i.large\" : 0.0893").contains("\"source\" : \"" + base);

        Result plan = run(Map.of("HOME", home.toString()), "plan", "-c",
                LocalRuns.examplesDir().resolve("config/aws.json").toString());

        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        String text = plan.stdout() + plan.stderr();
        assertThat(text).contains("$0.0893").contains("Prices: on-demand in us-east-1, from AWS price list " + base)
                .contains("Cost unknown for").contains("c7g.large");
    }

    @Test
    void azureRefreshReadsEveryPageOfTheRetailPricesApiAndPlanShowsThePrices() throws Exception {
        Path samples = LocalRuns.examplesDir().getParent().resolve("provider-azure/src/test/resources/pricing");
        List<String> asked = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        byte[] page1 = Files.readString(samples.resolve("azure-retail-prices-page1.json")).replace("{{BASE}}", base)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] page2 = Files.readAllBytes(samples.resolve("azure-retail-prices-page2.json"));
        server.createContext("/", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            asked.add(exchange.getRequestURI().getPath());
            byte[] body = query != null && query.contains("$skip") ? page2 : page1;
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        Path home = Files.createDirectories(workDir.resolve("home"));
        Result refresh;
        try {
            refresh = run(Map.of("HOME", home.toString(), "BENCHFLEET_AZURE_PRICE_LIST_URL", base),
                    "catalog", "refresh", "azure", "--region", "eastus");
        } finally {
            server.stop(0);
        }

        assertThat(refresh.exitCode()).as(refresh.stderr()).isZero();
        assertThat(asked).containsExactly("/api/retail/prices", "/api/retail/prices");
        Path file = home.resolve(".benchfleet/catalogs/azure-prices.json");
        assertThat(refresh.stderr()).contains("wrote " + file).contains("3 pay-as-you-go Linux VM prices of eastus");
        assertThat(Files.readString(file)).contains("\"Standard_D2als_v6\" : 0.085").doesNotContain("0.014");

        Result plan = run(Map.of("HOME", home.toString()), "plan", "-c",
                LocalRuns.examplesDir().resolve("config/azure.json").toString());

        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        String text = plan.stdout() + plan.stderr();
        assertThat(text).containsPattern("Standard_D2pls_v6 .* \\$0.07 ").containsPattern("Standard_D2als_v6 .* \\$0.085 ")
                .contains("Prices: on-demand in eastus, from Azure Retail Prices API " + base)
                .contains("Cost unknown for azure/Standard_D2ls_v6");
    }

    @Test
    void unknownProvidersAndProvidersWithoutAPriceListAreClearErrors() throws Exception {
        Map<String, String> env = Map.of("HOME", workDir.toString());

        Result unknown = run(env, "catalog", "refresh", "awz");
        Result local = run(env, "catalog", "refresh", "local");
        Result badRegion = run(env, "catalog", "refresh", "aws", "--region", "mars-1");
        Result badAzureRegion = run(env, "catalog", "refresh", "azure", "--region", "East US");

        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("unknown provider 'awz'").contains("aws");
        assertThat(local.exitCode()).isEqualTo(1);
        assertThat(local.stderr()).contains("provider 'local' has no public price list");
        assertThat(badRegion.exitCode()).isEqualTo(1);
        assertThat(badRegion.stderr()).contains("--region").contains("not an AWS region name");
        assertThat(badAzureRegion.exitCode()).isEqualTo(1);
        assertThat(badAzureRegion.stderr()).contains("--region").contains("not an Azure region name");
        assertThat(workDir.resolve(".benchfleet")).doesNotExist();
    }
}
