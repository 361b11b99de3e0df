package dev.benchfleet.provider.aws.terraform;

import static dev.benchfleet.provider.aws.terraform.HclModule.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.provider.aws.terraform.HclModule.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Terraform modules of {@code infrastructure/aws}, read with hcl4j: what they declare, tag and allow.
 * (No Terraform binary or AWS provider plugin is needed; {@code tests/runners.tftest.hcl} checks the plan
 * itself where Terraform >= 1.7 and the provider are installed.)
 */
class AwsModuleStructureTest {

    private static final Path INFRA = HclModule.infrastructure();
    private static final HclModule RUNNERS = HclModule.load(INFRA.resolve("aws"));
    private static final HclModule NETWORK = HclModule.load(INFRA.resolve("aws/network"));
    /** Resources AWS cannot tag; every other resource must carry the tags. */
    private static final Set<String> UNTAGGABLE = Set.of("aws_route_table_association");

    @Test
    void theRunModuleTakesExactlyTheVariablesOfTheDesign() {
        assertThat(RUNNERS.variables().keySet()).containsExactlyInAnyOrder("region", "run_id", "ruby_version",
                "instances", "orchestrator_url", "orchestrator_cert_pem", "runner_token", "task_runner_sha256",
                "task_runner_dockerfile", "mock", "debug", "max_hours", "ssh_cidr", "ssh_key_name", "root_volume_gb");
        // Required: no default, so a forgotten value is an error (Terraform never prompts: -input=false).
        for (String required : List.of("region", "run_id", "ruby_version", "instances", "orchestrator_url",
                "runner_token", "task_runner_sha256", "task_runner_dockerfile")) {
            assertThat(variable(required)).as(required).doesNotContainKey("default");
        }
        assertThat(variable("max_hours").get("default")).isEqualTo(24.0);
        assertThat(variable("mock").get("default")).isEqualTo(false);
        assertThat(variable("debug").get("default")).isEqualTo(false);
        assertThat(variable("ssh_cidr")).containsEntry("default", null);
    }

    @Test
    void theRunnerTokenIsTheOnlySecretAndIsSensitive() {
        Set<String> sensitive = RUNNERS.variables().entrySet().stream()
                .filter(e -> Boolean.TRUE.equals(map(e.getValue()).get("sensitive"))).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(sensitive).containsExactly("runner_token");
        // Names that sound secret must be the sensitive ones (ssh_key_name names a key pair; it holds no key).
        Set<String> secretSounding = RUNNERS.variables().keySet().stream()
                .filter(n -> n.matches(".*(token|secret|password|api_key|private).*")).collect(Collectors.toSet());
        assertThat(sensitive).containsAll(secretSounding);
        // Terraform prints the value of a variable failing validation, sensitive or not: no validation here.
        for (String secret : sensitive) {
            assertThat(variable(secret)).as(secret).doesNotContainKey("validation");
        }
    }

    @Test
    void theRunnerTokenGoesIntoTheBootScriptAndNowhereElse() {
        Map<String, Map<String, Object>> resources = RUNNERS.resources();
        for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(resource.getValue());
            body.remove("user_data");
            assertThat(mentions(body, "var.runner_token")).as(resource.getKey()).isFalse();
        }
        assertThat(mentions(RUNNERS.outputs(), "var.runner_token")).isFalse();
        assertThat(mentions(RUNNERS.blocks("data"), "var.runner_token")).isFalse();
        assertThat(userDataVariables().get("runner_token").toString()).isEqualTo("var.runner_token");
    }

    @Test
    void outputsAreTheInstancesPerAliasAndTheRunId() {
        assertThat(RUNNERS.outputs().keySet()).containsExactlyInAnyOrder("instances", "run_id", "region",
                "security_group_id");
        assertThat(map(RUNNERS.outputs().get("run_id")).get("value").toString()).isEqualTo("var.run_id");
        assertThat(NETWORK.outputs().keySet()).containsExactlyInAnyOrder("vpc_id", "subnets", "region");
    }

    @Test
    void providerVersionsArePinned() {
        for (HclModule module : List.of(RUNNERS, NETWORK)) {
            Map<String, Object> terraform = module.terraformBlock();
            assertThat(terraform.get("required_version")).as(module.dir().toString()).isEqualTo(">= 1.5");
            Map<String, Object> providers = map(terraform.get("required_providers"));
            assertThat(providers.keySet()).as(module.dir().toString()).containsExactly("aws");
            assertThat(map(providers.get("aws"))).containsEntry("source", "hashicorp/aws").containsEntry("version", "~> 6.25");
        }
    }

    @Test
    void everyTaggableRunResourceCarriesTheRunTags() {
        Map<String, Map<String, Object>> resources = RUNNERS.resources();
        assertThat(resources).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
            if (UNTAGGABLE.contains(resource.getKey().split("\\.")[0])) {
                continue;
            }
            assertRunTags(resource.getKey(), resource.getValue().get("tags"));
        }
        // The root volume is a resource of its own in AWS: tagged too.
        Map<String, Object> root = map(RUNNERS.resource("aws_instance.runner").get("root_block_device"));
        assertRunTags("aws_instance.runner root_block_device", root.get("tags"));
    }

    @Test
    void everyTaggableNetworkResourceIsTaggedAsTheNetwork() {
        for (Map.Entry<String, Map<String, Object>> resource : NETWORK.resources().entrySet()) {
            if (UNTAGGABLE.contains(resource.getKey().split("\\.")[0])) {
                continue;
            }
            Object tags = resource.getValue().get("tags");
            assertThat(tags).as(resource.getKey() + " tags").isInstanceOf(Map.class);
            assertThat(map(tags)).as(resource.getKey()).containsEntry("benchfleet-managed", "true")
                    .containsEntry("benchfleet-component", "network").containsKey("Name")
                    .doesNotContainKey("benchfleet-run-id");
        }
        assertThat(NETWORK.resources().keySet()).contains("aws_vpc.shared", "aws_internet_gateway.shared",
                "aws_subnet.public", "aws_route_table.public", "aws_route_table_association.public");
        assertThat(NETWORK.resource("aws_subnet.public")).containsEntry("map_public_ip_on_launch", true);
    }

    @Test
    void theRunFindsTheSharedNetworkByItsTags() {
        Map<String, Object> vpcs = map(map(RUNNERS.blocks("data").get("aws_vpcs")).get("shared"));
        assertThat(map(vpcs.get("tags"))).containsEntry("benchfleet-managed", "true")
                .containsEntry("benchfleet-component", "network");
        assertThat(RUNNERS.resources().keySet()).noneMatch(a -> a.startsWith("aws_vpc.") || a.startsWith("aws_subnet.")
                || a.startsWith("aws_internet_gateway."));
    }

    @Test
    void noInboundRuleUnlessSshCidrIsSet() {
        Map<String, Map<String, Object>> resources = RUNNERS.resources();
        assertThat(resources.keySet()).noneMatch(a -> a.startsWith("aws_security_group_rule."));
        assertThat(RUNNERS.resource("aws_security_group.runner")).doesNotContainKeys("ingress", "egress");
        Set<String> ingress = resources.keySet().stream()
                .filter(a -> a.startsWith("aws_vpc_security_group_ingress_rule.")).collect(Collectors.toSet());
        assertThat(ingress).containsExactly("aws_vpc_security_group_ingress_rule.ssh");
        Map<String, Object> ssh = RUNNERS.resource("aws_vpc_security_group_ingress_rule.ssh");
        // hcl4j does not evaluate conditionals reliably, so the count expression is read from the source;
        // tests/runners.tftest.hcl checks the planned result (0 rules by default, 1 with ssh_cidr).
        assertThat(ssh).containsKey("count");
        assertThat(blockSource("resource \"aws_vpc_security_group_ingress_rule\" \"ssh\""))
                .contains("count = var.ssh_cidr == null ? 0 : 1");
        assertThat(ssh.get("cidr_ipv4").toString()).isEqualTo("var.ssh_cidr");
        assertThat(ssh).containsEntry("from_port", 22.0).containsEntry("to_port", 22.0);
    }

    @Test
    void egressIsHttpHttpsAndTheOrchestratorPortOnly() {
        Map<String, Map<String, Object>> egress = RUNNERS.resources().entrySet().stream()
                .filter(e -> e.getKey().startsWith("aws_vpc_security_group_egress_rule."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(egress.keySet()).containsExactlyInAnyOrder("aws_vpc_security_group_egress_rule.web",
                "aws_vpc_security_group_egress_rule.orchestrator");
        assertThat(egress.values()).allSatisfy(rule -> assertThat(rule).containsEntry("ip_protocol", "tcp")
                .containsEntry("cidr_ipv4", "0.0.0.0/0"));
        Map<String, Object> web = egress.get("aws_vpc_security_group_egress_rule.web");
        assertThat(map(web.get("for_each"))).containsExactly(Map.entry("http", 80.0), Map.entry("https", 443.0));
        assertThat(web.get("from_port").toString()).isEqualTo("each.value");
        assertThat(web.get("to_port").toString()).isEqualTo("each.value");
        Map<String, Object> orchestrator = egress.get("aws_vpc_security_group_egress_rule.orchestrator");
        assertThat(orchestrator.get("from_port")).isEqualTo(RUNNERS.local("orchestrator_port"))
                .isEqualTo(orchestrator.get("to_port"));
        assertThat(blockSource("resource \"aws_vpc_security_group_egress_rule\" \"orchestrator\""))
                .contains("count = contains([80, 443], local.orchestrator_port) ? 0 : 1");
    }

    @Test
    void instancesRequireImdsV2WithHopLimitOneAndTerminateOnShutdown() {
        Map<String, Object> instance = RUNNERS.resource("aws_instance.runner");
        assertThat(map(instance.get("metadata_options"))).containsEntry("http_tokens", "required")
                .containsEntry("http_put_response_hop_limit", 1.0).containsEntry("http_endpoint", "enabled");
        assertThat(instance).containsEntry("instance_initiated_shutdown_behavior", "terminate")
                .containsEntry("associate_public_ip_address", true);
        assertThat(map(instance.get("root_block_device"))).containsEntry("volume_type", "gp3")
                .containsEntry("encrypted", true).containsEntry("delete_on_termination", true);
        assertThat(instance.get("ami").toString()).startsWith("data.aws_ssm_parameter.al2023");
        Map<String, Object> ssm = map(map(RUNNERS.blocks("data").get("aws_ssm_parameter")).get("al2023"));
        assertThat(ssm.get("name").toString()).startsWith("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-");
        Map<String, Object> offerings = map(map(RUNNERS.blocks("data").get("aws_ec2_instance_type_offerings")).get("zones"));
        assertThat(offerings).containsEntry("location_type", "availability-zone");
    }

    @Test
    void spotIsOptInPerEntry() throws IOException {
        Map<String, Object> dynamic = map(map(RUNNERS.resource("aws_instance.runner").get("dynamic")).get("instance_market_options"));
        // hcl4j evaluates the conditional, so the condition itself is read from the file.
        assertThat(java.nio.file.Files.readString(INFRA.resolve("aws/main.tf")))
                .containsPattern("dynamic \"instance_market_options\" \\{\\s+for_each = each\\.value\\.spot \\? \\[1\\] : \\[\\]");
        Map<String, Object> content = map(dynamic.get("content"));
        assertThat(content).containsEntry("market_type", "spot");
        assertThat(map(content.get("spot_options"))).containsEntry("spot_instance_type", "one-time")
                .containsEntry("instance_interruption_behavior", "terminate");
        assertThat(java.nio.file.Files.readString(INFRA.resolve("aws/variables.tf"))).contains("spot           = optional(bool, false)");
    }

    @Test
    void theBootScriptGetsExactlyTheTemplatesPlaceholders() throws IOException {
        Object userData = RUNNERS.resource("aws_instance.runner").get("user_data");
        assertThat(userData).isInstanceOf(Call.class);
        Call call = (Call) userData;
        assertThat(call.function()).isEqualTo("templatefile");
        // local.boot_template, which hcl4j resolves to its (uninterpolated) text.
        assertThat(call.args().get(0).toString()).endsWith("/boot.sh.tftpl");
        String template = Files.readString(INFRA.resolve("shared/boot.sh.tftpl"));
        assertThat(new TreeSet<>(userDataVariables().keySet())).isEqualTo(new TreeSet<>(TemplateRenderer.placeholders(template)));
    }

    @Test
    void theCloudSnippetIsPlainShellWithTheFunctionsTheTemplateCalls() throws IOException {
        String snippet = Files.readString(INFRA.resolve("aws/boot-cloud.sh"));
        assertThat(snippet).doesNotContain("${").doesNotContain("%{");
        for (String function : List.of("install_docker", "start_docker", "power_off_now", "power_off_in_minutes")) {
            assertThat(snippet).contains(function + "() {");
        }
        assertThat(snippet).doesNotContain("dnf update").doesNotContain("dnf upgrade").doesNotContain("dnf -y update");
    }

    /** The text of one top-level block of the run module's main.tf, from its header to its closing brace. */
    private static String blockSource(String header) {
        try {
            String text = Files.readString(INFRA.resolve("aws/main.tf"));
            int start = text.indexOf(header + " {");
            assertThat(start).as(header).isNotNegative();
            return text.substring(start, text.indexOf("\n}\n", start) + 2);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Map<String, Object> userDataVariables() {
        Call call = (Call) RUNNERS.resource("aws_instance.runner").get("user_data");
        return map(call.args().get(1));
    }

    private static Map<String, Object> variable(String name) {
        return map(RUNNERS.variables().get(name));
    }

    private static boolean mentions(Object tree, String reference) {
        return HclModule.walk(tree).anyMatch(v -> v.toString().contains(reference));
    }

    private static void assertRunTags(String what, Object tags) {
        assertThat(tags).as(what + " tags").isInstanceOf(Map.class);
        Map<String, Object> map = map(tags);
        assertThat(map).as(what).containsEntry("benchfleet-managed", "true")
                .containsEntry("benchfleet-component", "runner").containsKey("Name");
        assertThat(String.valueOf(map.get("benchfleet-run-id"))).as(what).isEqualTo("var.run_id");
        assertThat(String.valueOf(map.get("Name"))).as(what).startsWith("benchfleet-");
    }
}
