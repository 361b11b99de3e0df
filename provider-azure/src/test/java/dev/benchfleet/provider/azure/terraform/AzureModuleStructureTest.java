package dev.benchfleet.provider.azure.terraform;

import dev.benchfleet.provider.aws.terraform.HclModule;
import dev.benchfleet.provider.aws.terraform.HclModule.Call;
import dev.benchfleet.provider.aws.terraform.TemplateRenderer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.benchfleet.provider.aws.terraform.HclModule.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Terraform module of {@code infrastructure/azure}, read with hcl4j: what it declares, tags and allows.
 * (No Terraform binary or azurerm plugin is needed; {@code tests/runners.tftest.hcl} checks the plan itself where
 * Terraform >= 1.7 and the providers are installed.)
 */
class AzureModuleStructureTest {

    private static final Path INFRA = HclModule.infrastructure();
    private static final HclModule MODULE = HclModule.load(INFRA.resolve("azure"));
    /** Resources Azure cannot tag (sub-resources, associations, role assignments, the key): every other one must. */
    private static final Set<String> UNTAGGABLE = Set.of("azurerm_subnet", "azurerm_network_security_rule",
            "azurerm_subnet_network_security_group_association", "azurerm_role_assignment", "tls_private_key");

    @Test
    void theModuleTakesTheVariablesOfTheAwsModuleWhereTheyAgree() {
        HclModule aws = HclModule.load(INFRA.resolve("aws"));
        Set<String> shared = new TreeSet<>(aws.variables().keySet());
        shared.removeAll(Set.of("ssh_key_name", "root_volume_gb"));
        assertThat(MODULE.variables().keySet()).containsAll(shared);
        assertThat(MODULE.variables().keySet()).containsExactlyInAnyOrder("subscription_id", "region", "run_id",
                "ruby_version", "instances", "orchestrator_url", "orchestrator_cert_pem", "runner_token",
                "task_runner_sha256", "task_runner_dockerfile", "mock", "debug", "max_hours", "ssh_cidr", "os_disk_gb");
        for (String required : List.of("subscription_id", "region", "run_id", "ruby_version", "instances", "orchestrator_url",
                "runner_token", "task_runner_sha256", "task_runner_dockerfile")) {
            assertThat(variable(required)).as(required).doesNotContainKey("default");
        }
        assertThat(variable("max_hours").get("default")).isEqualTo(24.0);
        assertThat(variable("ssh_cidr")).containsEntry("default", null);
        assertThat(MODULE.outputs().keySet()).containsExactlyInAnyOrder("run_id", "region", "resource_group", "instances",
                "ssh_private_key");
    }

    @Test
    void providersArePinnedAndTheSubscriptionIsSetExplicitly() {
        Map<String, Object> required = map(map(MODULE.terraformBlock()).get("required_providers"));
        assertThat(map(required.get("azurerm"))).containsEntry("source", "hashicorp/azurerm").containsEntry("version", "~> 4.55");
        assertThat(map(required.get("tls"))).containsEntry("version", "~> 4.1");
        Map<String, Object> provider = map(map(MODULE.blocks("provider")).get("azurerm"));
        assertThat(provider.get("subscription_id").toString()).isEqualTo("var.subscription_id");
    }

    @Test
    void theTokenAndThePrivateKeyAreTheOnlySecrets() {
        Set<String> sensitive = MODULE.variables().entrySet().stream()
                .filter(e -> Boolean.TRUE.equals(map(e.getValue()).get("sensitive"))).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(sensitive).containsExactly("runner_token");
        assertThat(variable("runner_token")).doesNotContainKey("validation");
        assertThat(map(MODULE.outputs().get("ssh_private_key"))).containsEntry("sensitive", true);
        for (Map.Entry<String, Map<String, Object>> resource : MODULE.resources().entrySet()) {
            Map<String, Object> body = new java.util.LinkedHashMap<>(resource.getValue());
            body.remove("custom_data");
            assertThat(mentions(body, "var.runner_token")).as(resource.getKey()).isFalse();
        }
        assertThat(mentions(MODULE.outputs(), "var.runner_token")).isFalse();
    }

    @Test
    void everyTaggableResourceCarriesTheRunTags() {
        assertThat(MODULE.resources()).isNotEmpty();
        for (Map.Entry<String, Map<String, Object>> resource : MODULE.resources().entrySet()) {
            String type = resource.getKey().substring(0, resource.getKey().indexOf('.'));
            if (UNTAGGABLE.contains(type)) {
                assertThat(resource.getValue()).as(resource.getKey()).doesNotContainKey("tags");
                continue;
            }
            Map<String, Object> tags = map(resource.getValue().get("tags"));
            assertThat(tags).as(resource.getKey()).containsEntry("benchfleet-managed", "true")
                    .containsEntry("benchfleet-component", "runner").containsKey("Name");
            assertThat(String.valueOf(tags.get("benchfleet-run-id"))).as(resource.getKey()).isEqualTo("var.run_id");
        }
    }

    @Test
    void oneResourceGroupPerRunHoldsEverything() {
        assertThat(MODULE.resource("azurerm_resource_group.run").get("name").toString()).contains("var.run_id");
        for (Map.Entry<String, Map<String, Object>> resource : MODULE.resources().entrySet()) {
            Object group = resource.getValue().get("resource_group_name");
            if (group != null) {
                assertThat(group.toString()).as(resource.getKey()).isEqualTo("azurerm_resource_group.run.name");
            }
        }
    }

    @Test
    void noInboundRuleUnlessSshCidrAndEgressOnly80443AndTheOrchestratorPort() {
        Map<String, Map<String, Object>> rules = MODULE.resources().entrySet().stream()
                .filter(e -> e.getKey().startsWith("azurerm_network_security_rule."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(rules.keySet()).containsExactlyInAnyOrder("azurerm_network_security_rule.web_out",
                "azurerm_network_security_rule.orchestrator_out", "azurerm_network_security_rule.deny_internet_out",
                "azurerm_network_security_rule.ssh_in");
        List<String> inbound = rules.entrySet().stream().filter(e -> "Inbound".equals(e.getValue().get("direction")))
                .map(Map.Entry::getKey).toList();
        assertThat(inbound).containsExactly("azurerm_network_security_rule.ssh_in");
        assertThat(source()).contains("count = var.ssh_cidr == null ? 0 : 1");
        assertThat(rules.get("azurerm_network_security_rule.ssh_in").get("source_address_prefix").toString())
                .isEqualTo("var.ssh_cidr");
        assertThat(map(rules.get("azurerm_network_security_rule.web_out").get("for_each")))
                .containsExactly(Map.entry("http", 80.0), Map.entry("https", 443.0));
        // hcl4j resolves local.orchestrator_port (to its try(...) call); the source says which local it is.
        assertThat(rules.get("azurerm_network_security_rule.orchestrator_out").get("destination_port_range").toString())
                .isEqualTo(new Call("tostring", List.of(MODULE.local("orchestrator_port"))).toString());
        assertThat(source()).contains("destination_port_range      = tostring(local.orchestrator_port)")
                .contains("count = contains([80, 443], local.orchestrator_port) ? 0 : 1");
        Map<String, Object> deny = rules.get("azurerm_network_security_rule.deny_internet_out");
        assertThat(deny).containsEntry("access", "Deny").containsEntry("direction", "Outbound")
                .containsEntry("destination_address_prefix", "Internet");
        for (String allow : List.of("web_out", "orchestrator_out")) {
            assertThat((Double) rules.get("azurerm_network_security_rule." + allow).getOrDefault("priority", 0.0))
                    .as(allow + " comes before the deny rule").isLessThan((Double) deny.get("priority"));
        }
        assertThat(source()).contains("priority                    = each.value == 80 ? 100 : 110");
    }

    @Test
    void vmsBootUbuntu2404Gen2WithTheArm64ImageForArm64Sizes() {
        Map<String, Object> vm = MODULE.resource("azurerm_linux_virtual_machine.runner");
        Map<String, Object> image = map(vm.get("source_image_reference"));
        assertThat(image).containsEntry("publisher", "Canonical").containsEntry("offer", "ubuntu-24_04-lts")
                .containsEntry("version", "latest");
        assertThat(image.get("sku").toString()).startsWith("local.image_sku");
        assertThat(map(MODULE.local("image_sku"))).containsExactly(Map.entry("x86_64", "server"), Map.entry("arm64", "server-arm64"));
        assertThat(vm).containsEntry("disable_password_authentication", true);
        assertThat(source()).contains("priority                        = each.value.spot ? \"Spot\" : \"Regular\"")
                .contains("eviction_policy                 = each.value.spot ? \"Delete\" : null");
    }

    @Test
    void standardStaticPublicIpAndANicPerVm() {
        Map<String, Object> ip = MODULE.resource("azurerm_public_ip.runner");
        assertThat(ip).containsEntry("sku", "Standard").containsEntry("allocation_method", "Static");
        assertThat(source()).contains("resource \"azurerm_public_ip\" \"runner\" {\n  for_each = local.machines")
                .contains("resource \"azurerm_network_interface\" \"runner\" {\n  for_each = local.machines");
        Map<String, Object> nic = MODULE.resource("azurerm_network_interface.runner");
        assertThat(map(nic.get("ip_configuration")).get("public_ip_address_id").toString())
                .startsWith("azurerm_public_ip.runner");
    }

    @Test
    void theVmsIdentityMayDeallocateInTheRunsGroupOnly() {
        Map<String, Object> vm = MODULE.resource("azurerm_linux_virtual_machine.runner");
        assertThat(map(vm.get("identity"))).containsEntry("type", "SystemAssigned");
        Map<String, Object> role = MODULE.resource("azurerm_role_assignment.self_deallocate");
        assertThat(role.get("scope").toString()).isEqualTo("azurerm_resource_group.run.id");
        assertThat(role).containsEntry("role_definition_name", "Virtual Machine Contributor")
                .containsEntry("principal_type", "ServicePrincipal");
        assertThat(role.get("principal_id").toString()).contains("azurerm_linux_virtual_machine.runner")
                .contains("principal_id");
        assertThat(vm).containsKey("boot_diagnostics");
    }

    @Test
    void theSshKeyIsMadeByTerraformAndOnlyItsPublicHalfGoesToTheVm() {
        assertThat(MODULE.resource("tls_private_key.ssh")).containsEntry("algorithm", "RSA");
        Map<String, Object> key = map(MODULE.resource("azurerm_linux_virtual_machine.runner").get("admin_ssh_key"));
        assertThat(key.get("public_key").toString()).isEqualTo("tls_private_key.ssh.public_key_openssh");
    }

    @Test
    void theBootScriptGetsExactlyTheTemplatesPlaceholders() throws IOException {
        Object customData = MODULE.resource("azurerm_linux_virtual_machine.runner").get("custom_data");
        assertThat(customData.toString()).startsWith("Call[function=base64encode");
        Call templatefile = (Call) HclModule.walk(customData).filter(v -> v instanceof Call c && c.function().equals("templatefile"))
                .findFirst().orElseThrow();
        assertThat(templatefile.args().get(0).toString()).endsWith("/boot.sh.tftpl");
        String template = Files.readString(INFRA.resolve("shared/boot.sh.tftpl"));
        Map<String, Object> vars = map(templatefile.args().get(1));
        assertThat(new TreeSet<>(vars.keySet())).isEqualTo(new TreeSet<>(TemplateRenderer.placeholders(template)));
        assertThat(vars).containsEntry("provider_name", "azure");
        assertThat(vars.get("runner_token").toString()).isEqualTo("var.runner_token");
    }

    @Test
    void theCloudSnippetIsPlainShellThatInstallsDockerIoAndDeallocates() throws IOException {
        String snippet = Files.readString(INFRA.resolve("azure/boot-cloud.sh"));
        assertThat(snippet).doesNotContain("${").doesNotContain("%{");
        for (String function : List.of("install_docker", "start_docker", "power_off_now", "power_off_in_minutes")) {
            assertThat(snippet).contains(function + "() {");
        }
        assertThat(snippet).contains("apt-get install -y -q --no-install-recommends docker.io")
                .doesNotContain("apt-get upgrade").doesNotContain("dist-upgrade")
                .contains("/deallocate?api-version=").contains("/metadata/identity/oauth2/token");
        assertThat(snippet).as("the bearer token is never on a command line").contains("-H \"@$headers\"")
                .doesNotContain("Bearer $token\"");
    }

    private static Map<String, Object> variable(String name) {
        return map(MODULE.variables().get(name));
    }

    private static boolean mentions(Object tree, String reference) {
        return HclModule.walk(tree).anyMatch(v -> v.toString().contains(reference));
    }

    private static String source() {
        try {
            return Files.readString(INFRA.resolve("azure/main.tf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
