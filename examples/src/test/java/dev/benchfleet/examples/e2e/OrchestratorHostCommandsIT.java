package dev.benchfleet.examples.e2e;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.benchfleet.core.host.HostContext;
import dev.benchfleet.core.host.OrchestratorEndpoint;
import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.ProviderSettings;
import dev.benchfleet.core.spi.Secret;
import dev.benchfleet.provider.aws.orchestrator.AwsOrchestratorHost;
import dev.benchfleet.testkit.terraform.FakeTerraform;
import dev.benchfleet.testkit.terraform.FakeTerraformScript;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * runner.jar's commands for the long-lived cloud orchestrator host, as a user runs them, against the fake
 * terraform: a host an earlier run left in {@code .benchfleet/orchestrators/aws-eu-west-1/} is shown by
 * {@code plan} as reused, removed by {@code nuke --orchestrator} (terraform destroy, then its folder), and a
 * second {@code nuke --orchestrator} finds nothing.
 */
class OrchestratorHostCommandsIT {

    @TempDir
    Path dir;

    @Test
    void planShowsTheKeptHostAndNukeOrchestratorDestroysIt() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder(List.of("openssl", "req", "-x509", "-nodes", "-days", "2", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:prime256v1", "-subj", "/CN=203.0.113.10", "-keyout",
                dir.resolve("key.pem").toString(), "-out", cert.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        boolean made = openssl.waitFor(60, TimeUnit.SECONDS) && openssl.exitValue() == 0;
        if (!made) {
            System.out.println("Skipping OrchestratorHostCommandsIT: openssl could not make a certificate");
        }
        Assumptions.assumeTrue(made, "openssl");
        FakeTerraform terraform = FakeTerraform.install(dir.resolve("bin"));
        terraform.script(FakeTerraformScript.builder().provider("hashicorp/aws", "6.25.0")
                .requiredVariables("region", "orchestrator_jar")
                .resource("aws_instance", "orchestrator", Map.of("instance_type", "t3.small"))
                .output("url", "https://203.0.113.10", false).output("cert_pem", Files.readString(cert), false)
                .output("instance_id", "i-0meta", false).output("region", FakeTerraformScript.fromVariable("region"), false)
                .build());
        Path home = Files.createDirectories(dir.resolve("home"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Map<String, String> env = Map.of("PATH", "/usr/bin:/bin", "HOME", home.toString(),
                "AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                "TERRAFORM_BINARY", terraform.binary().toString(),
                "BENCHFLEET_TERRAFORM_PLUGIN_CACHE", home.resolve("plugin-cache").toString(),
                "BENCHFLEET_ORCHESTRATOR_JAR", LocalRuns.examplesDir().resolve("orchestrator.jar").toString());

        // What an earlier run left: the host applied through the fake terraform (as RunExecution provisions it).
        AwsOrchestratorHost host = new AwsOrchestratorHost();
        OrchestratorEndpoint endpoint = host.provision(HostContext.builder("1734000000001", work.resolve(
                ".benchfleet/runs/1734000000001/orchestrator"), Secret.of("unused")).baseDir(work)
                .settings(Map.of("aws", ProviderSettings.of("aws", JsonNodeFactory.instance.objectNode()
                        .put("orchestrator_region", "eu-west-1"))))
                .environment(Environment.of(env)).build()).endpoint();
        Path folder = work.resolve(".benchfleet/orchestrators/aws-eu-west-1");
        String key = Files.readString(folder.resolve("admin.key")).strip();
        assertThat(endpoint.apiKey().reveal()).isEqualTo(key);
        assertThat(terraform.calls("apply")).hasSize(1);

        Path config = Files.writeString(work.resolve("aws.json"), "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 2,"
                + " \"providers\": {\"aws\": {\"region\": \"eu-west-1\"}},"
                + " \"aws\": [{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}]}");
        RunnerJar.Result plan = RunnerJar.run(work, env, "plan", "-c", config.toString());
        assertThat(plan.exitCode()).as(plan.stderr()).isZero();
        assertThat(plan.stdout()).contains("Orchestrator: the AWS host in eu-west-1 at https://203.0.113.10 exists and is "
                + "reused (nothing changed, no apply)").doesNotContain(key);

        RunnerJar.Result nuke = RunnerJar.run(work, env, "nuke", "--orchestrator");
        assertThat(nuke.exitCode()).as(nuke.stderr()).isZero();
        assertThat(nuke.stderr()).contains("Removing the orchestrator host aws-eu-west-1", "Removed: orchestrator host "
                + "aws-eu-west-1 (https://203.0.113.10, i-0meta)").doesNotContain(key);
        assertThat(terraform.calls("destroy")).singleElement().satisfies(call -> {
            assertThat(call.workDir()).isEqualTo(folder.resolve("terraform").toString());
            assertThat(call.environment()).containsEntry("TF_VAR_admin_api_key", FakeTerraform.fingerprint(key));
        });
        assertThat(folder).doesNotExist();
        assertThat(terraform.calls("apply")).as("nuke applies nothing").hasSize(1);

        RunnerJar.Result again = RunnerJar.run(work, env, "nuke", "--orchestrator");
        assertThat(again.exitCode()).as(again.stderr()).isZero();
        assertThat(again.stderr()).contains("No cloud orchestrator host is kept");
        RunnerJar.Result unknown = RunnerJar.run(work, env, "nuke", "--orchestrator", "aws-mars-1");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).contains("no such cloud orchestrator host; kept here: none");
    }
}
