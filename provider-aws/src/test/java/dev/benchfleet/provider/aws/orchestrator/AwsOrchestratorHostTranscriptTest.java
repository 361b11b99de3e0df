package dev.benchfleet.provider.aws.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.HostRemoval;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.host.OrchestratorHost;
import dev.benchfleet.core.spi.CancellationToken;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderEvent;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.provider.aws.FakeAws;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.testkit.terraform.FakeTerraform;
import dev.benchfleet.testkit.terraform.FakeTerraformCall;
import dev.benchfleet.testkit.terraform.FakeTerraformScript;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code aws} host through core's Terraform driver against the fake terraform: the first run applies
 * {@code infrastructure/meta} in {@code .benchfleet/orchestrators/aws-<region>/}, the next run (a new host object,
 * as in a new process) applies nothing and gets the same endpoint, a changed jar is reported and left alone
 * until {@code --upgrade-orchestrator}, and {@code nuke --orchestrator} destroys it. The admin key reaches
 * Terraform only as {@code TF_VAR_admin_api_key}.
 */
class AwsOrchestratorHostTranscriptTest {

    /** {@code openssl x509 -in host-cert.pem -noout -fingerprint -sha256} of the test certificate. */
    private static final String CERT_SHA256 = "0cb240c51d3c2e6544f97e95f285261dadb4156a50be722094a64d47d406e615";

    @TempDir
    Path tmp;
    private FakeTerraform terraform;
    private Path jar;
    private Path base;
    private String certPem;
    private final List<ProviderEvent> events = new CopyOnWriteArrayList<>();
    private final ObjectMapper mapper = new ObjectMapper();

    @BeforeEach
    void setUp() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("host-cert.pem")) {
            certPem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        terraform = FakeTerraform.install(tmp.resolve("bin"));
        terraform.script(FakeTerraformScript.builder().provider("hashicorp/aws", "6.25.0").provider("hashicorp/tls", "4.1.0")
                .requiredVariables("region", "orchestrator_jar")
                .resource("aws_eip", "orchestrator", Map.of("public_ip", "203.0.113.10"))
                .resource("aws_instance", "orchestrator", Map.of("instance_type", "t3.small"))
                .output("url", "https://203.0.113.10", false)
                .output("cert_pem", certPem, false)
                .output("instance_id", "i-0meta", false)
                .output("region", FakeTerraformScript.fromVariable("region"), false)
                .build());
        jar = Files.writeString(tmp.resolve("orchestrator.jar"), "build one");
        base = Files.createDirectories(tmp.resolve("base"));
    }

    private Environment environment() {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("HOME", Files.exists(tmp.resolve("home")) ? tmp.resolve("home").toString() : mkdir(tmp.resolve("home")));
        env.put("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("TERRAFORM_BINARY", terraform.binary().toString());
        env.put("BENCHFLEET_TERRAFORM_PLUGIN_CACHE", tmp.resolve("home/plugin-cache").toString());
        env.put(OrchestratorJar.VARIABLE, jar.toString());
        return Environment.of(env);
    }

    private HostContext context(boolean upgrade) {
        ObjectNode aws = mapper.createObjectNode().put("region", "eu-west-1");
        return HostContext.builder("1734000000123", base.resolve(".benchfleet/runs/1734000000123/orchestrator"), Secret.of("unused"))
                .baseDir(base).settings(Map.of("aws", ProviderSettings.of("aws", aws))).upgrade(upgrade)
                .environment(environment()).events(events::add).build();
    }

    private static AwsOrchestratorHost newHost() {
        return new AwsOrchestratorHost(new FakeAws().type("t3.small", 2, "x86_64", "eu-west-1a"), AwsInstanceCatalog.bundled());
    }

    @Test
    void appliesOnceReusesOnTheNextRunAndDestroysOnNukeOrchestrator() throws Exception {
        Path folder = base.resolve(".benchfleet/orchestrators/aws-eu-west-1");
        assertThat(newHost().describe(context(false))).singleElement().asString().contains("will be created", "t3.small");

        OrchestratorEndpoint first = newHost().provision(context(false)).endpoint();

        assertThat(first.url()).isEqualTo(URI.create("https://203.0.113.10"));
        assertThat(first.certSha256()).contains(CERT_SHA256);
        assertThat(first.certPem()).contains(certPem);
        assertThat(first.obtained()).contains("i-0meta", "created");
        String key = Files.readString(folder.resolve("admin.key")).strip();
        assertThat(key).matches("[0-9a-f]{64}");
        assertThat(first.apiKey().reveal()).isEqualTo(key);
        assertThat(terraform.calls("apply")).hasSize(1);
        FakeTerraformCall apply = terraform.calls("apply").get(0);
        assertThat(apply.workDir()).isEqualTo(folder.resolve("terraform").toString());
        JsonNode vars = apply.varFiles().values().iterator().next();
        assertThat(vars.get("region").asText()).isEqualTo("eu-west-1");
        assertThat(vars.get("instance_type").asText()).isEqualTo("t3.small");
        assertThat(vars.get("architecture").asText()).isEqualTo("x86_64");
        assertThat(vars.get("orchestrator_jar").asText()).isEqualTo(folder.resolve("orchestrator.jar").toString());
        assertThat(vars.has("admin_api_key")).isFalse();
        assertThat(apply.environment()).containsEntry("TF_VAR_admin_api_key", FakeTerraform.fingerprint(key));
        for (FakeTerraformCall call : terraform.transcript()) {
            assertThat(call.commandLine()).doesNotContain(key);
        }
        // Private folder; the key and the state only for the owner.
        assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve("admin.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve("terraform/terraform.tfstate")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(folder.resolve("host.json"))).contains(CERT_SHA256).doesNotContain(key);
        assertThat(events).noneMatch(e -> e.message().contains(key));

        // The next run, from a new process: nothing changed, so no Terraform call at all, same endpoint and key.
        int callsBefore = terraform.transcript().size();
        assertThat(newHost().describe(context(false))).singleElement().asString().contains("exists and is reused", "no apply");
        OrchestratorEndpoint second = newHost().provision(context(false)).endpoint();
        assertThat(terraform.transcript()).hasSize(callsBefore);
        assertThat(second.url()).isEqualTo(first.url());
        assertThat(second.certSha256()).isEqualTo(first.certSha256());
        assertThat(second.apiKey().reveal()).isEqualTo(key);
        assertThat(second.obtained()).contains("reused");

        // Another build of the orchestrator: said, not applied, until the user asks for the upgrade.
        Files.writeString(jar, "build two");
        events.clear();
        assertThat(newHost().describe(context(false))).singleElement().asString()
                .contains("differs from this master", "orchestrator.jar", "--upgrade-orchestrator");
        newHost().provision(context(false));
        assertThat(terraform.calls("apply")).hasSize(1);
        assertThat(events).anyMatch(e -> e.level() == ProviderEvent.Level.WARN && e.message().contains("--upgrade-orchestrator"));
        assertThat(newHost().describe(context(true))).singleElement().asString().contains("will be upgraded");
        OrchestratorEndpoint upgraded = newHost().provision(context(true)).endpoint();
        assertThat(terraform.calls("apply")).hasSize(2);
        assertThat(upgraded.obtained()).contains("upgraded");
        assertThat(Files.readString(folder.resolve("orchestrator.jar"))).isEqualTo("build two");
        assertThat(newHost().describe(context(false))).singleElement().asString().contains("exists and is reused");

        // nuke --orchestrator: destroy, then the folder goes; a second nuke finds nothing.
        OrchestratorHost host = newHost();
        assertThat(host.standing(base)).containsExactly("aws-eu-west-1");
        HostRemoval removal = host.remove(base, "aws-eu-west-1",
                new HostRemoval.Context(environment(), new CancellationToken(), events::add));
        assertThat(terraform.calls("destroy")).hasSize(1);
        FakeTerraformCall destroy = terraform.calls("destroy").get(0);
        assertThat(destroy.workDir()).isEqualTo(folder.resolve("terraform").toString());
        assertThat(destroy.environment()).containsEntry("TF_VAR_admin_api_key", FakeTerraform.fingerprint(key));
        assertThat(removal.removed()).singleElement().asString().contains("aws-eu-west-1", "i-0meta");
        assertThat(removal.left()).isEmpty();
        assertThat(folder).doesNotExist();
        assertThat(host.standing(base)).isEmpty();
        assertThat(host.remove(base, "aws-eu-west-1", new HostRemoval.Context(environment(), new CancellationToken(),
                events::add)).removed()).isEmpty();
    }

    @Test
    void withoutAwsCredentialsTheErrorNamesTheWaysOut() {
        Map<String, String> env = new TreeMap<>(Map.of("PATH", "/usr/bin:/bin", "HOME", mkdir(tmp.resolve("empty-home")),
                OrchestratorJar.VARIABLE, jar.toString(), "TERRAFORM_BINARY", terraform.binary().toString()));
        HostContext context = HostContext.builder("r", tmp, Secret.of("x")).baseDir(base).environment(Environment.of(env)).build();

        List<Problem> problems = newHost().validate(context);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.CREDENTIALS);
            assertThat(p.message()).contains("AWS_ACCESS_KEY_ID", "--orchestrator-url", "--skip-infra", "us-east-1");
        });
    }

    @Test
    void badSettingsAMissingJarAndAMissingTerraformAreReportedBeforeAnythingIsCreated() {
        ObjectNode aws = mapper.createObjectNode().put("orchestrator_region", "Mars").put("orchestrator_instance_type", "big");
        HostContext bad = HostContext.builder("r", tmp, Secret.of("x")).baseDir(base)
                .settings(Map.of("aws", ProviderSettings.of("aws", aws))).environment(environment()).build();
        assertThat(newHost().validate(bad)).extracting(Problem::path)
                .containsExactly("providers.aws.orchestrator_region", "providers.aws.orchestrator_instance_type");

        Map<String, String> env = new TreeMap<>(Map.of("PATH", tmp.resolve("nothing").toString(),
                "HOME", mkdir(tmp.resolve("home2")), "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", OrchestratorJar.VARIABLE, tmp.resolve("missing.jar").toString()));
        HostContext noJar = HostContext.builder("r", tmp, Secret.of("x")).baseDir(base).environment(Environment.of(env)).build();
        assertThat(newHost().validate(noJar)).singleElement().satisfies(p ->
                assertThat(p.message()).contains("orchestrator.jar", "missing.jar"));
        env.put(OrchestratorJar.VARIABLE, jar.toString());
        HostContext noTerraform = HostContext.builder("r", tmp, Secret.of("x")).baseDir(base).environment(Environment.of(env)).build();
        assertThat(newHost().validate(noTerraform)).singleElement().satisfies(p ->
                assertThat(p.message()).containsIgnoringCase("terraform"));
        assertThat(base.resolve(".benchfleet")).doesNotExist();
    }

    @Test
    void preflightChecksCredentialsRegionAndTypeEachWithAClearMessage() {
        HostContext context = context(false);
        assertThat(newHost().preflight(context)).isEmpty();

        FakeAws refusing = new FakeAws().type("t3.small", 2, "x86_64", "eu-west-1a").refuseCredentials("InvalidClientTokenId");
        assertThat(new AwsOrchestratorHost(refusing, AwsInstanceCatalog.bundled()).preflight(context)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("orchestrator host", "AWS did not accept", "InvalidClientTokenId"));

        FakeAws notOffered = new FakeAws().type("t3.small", 2, "x86_64");
        assertThat(new AwsOrchestratorHost(notOffered, AwsInstanceCatalog.bundled()).preflight(context)).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("no availability zone of eu-west-1 offers t3.small"));

        ObjectNode aws = mapper.createObjectNode().put("orchestrator_region", "xx-nowhere-9");
        HostContext nowhere = HostContext.builder("r", tmp, Secret.of("x")).baseDir(base)
                .settings(Map.of("aws", ProviderSettings.of("aws", aws))).environment(environment()).build();
        FakeAws calls = new FakeAws();
        assertThat(new AwsOrchestratorHost(calls, AwsInstanceCatalog.bundled()).preflight(nowhere)).singleElement()
                .satisfies(p -> {
                    assertThat(p.path()).isEqualTo("providers.aws.orchestrator_region");
                    assertThat(p.message()).contains("'xx-nowhere-9' is not an AWS region");
                });
        assertThat(calls.calls).isEmpty();
        assertThat(base.resolve(".benchfleet")).doesNotExist();
    }

    @Test
    void theHostIsFoundByServiceLoaderAsTheOneCloudHost() {
        List<OrchestratorHost> hosts = ServiceLoader.load(OrchestratorHost.class).stream().map(ServiceLoader.Provider::get)
                .filter(OrchestratorHost::isCloud).toList();
        assertThat(hosts).singleElement().extracting(OrchestratorHost::name).isEqualTo("aws");
    }

    private static String mkdir(Path dir) {
        try {
            return Files.createDirectories(dir).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
