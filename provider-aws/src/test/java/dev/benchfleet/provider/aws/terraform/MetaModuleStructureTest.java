package dev.benchfleet.provider.aws.terraform;

import static dev.benchfleet.provider.aws.terraform.HclModule.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.benchfleet.provider.aws.terraform.HclModule.Call;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code infrastructure/meta}, the orchestrator host, read with hcl4j: its variables and outputs, its tags,
 * its one inbound rule, what the instance role may read, and a boot script that gets exactly its
 * placeholders and no secret. ({@code tests/meta.tftest.hcl} checks the plan where Terraform >= 1.7 runs.)
 */
class MetaModuleStructureTest {

    private static final HclModule META = HclModule.load(HclModule.infrastructure().resolve("meta"));
    /** Resources AWS (or Terraform) cannot tag. */
    private static final Set<String> UNTAGGABLE = Set.of("aws_s3_bucket_public_access_block",
            "aws_s3_bucket_ownership_controls", "aws_s3_bucket_server_side_encryption_configuration",
            "aws_iam_role_policy", "aws_eip_association", "tls_private_key", "tls_self_signed_cert");

    @Test
    void variablesAreTheDesignsWithTheirDefaults() {
        assertThat(META.variables().keySet()).containsExactlyInAnyOrder("region", "instance_type", "architecture",
                "orchestrator_jar", "admin_api_key", "ssh_cidr", "ssh_key_name", "subnet_id", "root_volume_gb",
                "cert_validity_hours");
        for (String required : List.of("region", "orchestrator_jar", "admin_api_key")) {
            assertThat(variable(required)).as(required).doesNotContainKey("default");
        }
        assertThat(variable("instance_type")).containsEntry("default", "t3.small");
        assertThat(variable("ssh_cidr")).containsEntry("default", null);
        assertThat((Double) variable("cert_validity_hours").get("default")).isGreaterThanOrEqualTo(5 * 365 * 24.0);
    }

    @Test
    void theAdminKeyIsTheOnlySecretVariableAndHasNoValidationThatWouldPrintIt() {
        Set<String> sensitive = META.variables().entrySet().stream()
                .filter(e -> Boolean.TRUE.equals(map(e.getValue()).get("sensitive"))).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(sensitive).containsExactly("admin_api_key");
        assertThat(variable("admin_api_key")).doesNotContainKey("validation");
    }

    @Test
    void theAdminKeyAndTheTlsKeyGoOnlyIntoSecureStrings() {
        Map<String, Map<String, Object>> resources = META.resources();
        for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
            boolean mentionsKey = mentions(resource.getValue(), "var.admin_api_key");
            boolean mentionsTlsKey = mentions(resource.getValue(), "tls_private_key.orchestrator.private_key_pem_pkcs8");
            assertThat(mentionsKey).as(resource.getKey()).isEqualTo(resource.getKey().equals("aws_ssm_parameter.api_key"));
            assertThat(mentionsTlsKey).as(resource.getKey()).isEqualTo(resource.getKey().equals("aws_ssm_parameter.tls_key"));
        }
        assertThat(META.resource("aws_ssm_parameter.api_key")).containsEntry("type", "SecureString");
        assertThat(META.resource("aws_ssm_parameter.tls_key")).containsEntry("type", "SecureString");
        assertThat(mentions(META.outputs(), "var.admin_api_key")).isFalse();
        assertThat(mentions(META.outputs(), "private_key")).isFalse();
    }

    @Test
    void outputsAreUrlCertificateInstanceAndRegion() {
        assertThat(META.outputs().keySet()).containsExactlyInAnyOrder("url", "cert_pem", "instance_id", "region");
        assertThat(output("cert_pem")).isEqualTo("tls_self_signed_cert.orchestrator.cert_pem");
        assertThat(output("instance_id")).isEqualTo("aws_instance.orchestrator.id");
        assertThat(META.blockSource("output \"url\"")).contains("value       = \"https://${aws_eip.orchestrator.public_ip}\"");
    }

    @Test
    void providersArePinned() {
        Map<String, Object> terraform = META.terraformBlock();
        assertThat(terraform.get("required_version")).isEqualTo(">= 1.5");
        Map<String, Object> providers = map(terraform.get("required_providers"));
        assertThat(providers.keySet()).containsExactlyInAnyOrder("aws", "tls");
        assertThat(map(providers.get("aws"))).containsEntry("source", "hashicorp/aws").containsEntry("version", "~> 6.25");
        assertThat(map(providers.get("tls"))).containsEntry("source", "hashicorp/tls").containsEntry("version", "~> 4.1");
    }

    @Test
    void everyTaggableResourceIsTaggedAsTheOrchestrator() {
        Map<String, Map<String, Object>> resources = META.resources();
        assertThat(resources).hasSizeGreaterThan(10);
        for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
            if (UNTAGGABLE.contains(resource.getKey().split("\\.")[0])) {
                continue;
            }
            assertOrchestratorTags(resource.getKey(), resource.getValue().get("tags"));
        }
        assertOrchestratorTags("root volume", map(META.resource("aws_instance.orchestrator").get("root_block_device")).get("tags"));
    }

    @Test
    void onlyHttpsComesInAndSshOnlyWhenAskedFor() {
        Set<String> ingress = META.resources().keySet().stream()
                .filter(a -> a.startsWith("aws_vpc_security_group_ingress_rule.")).collect(Collectors.toSet());
        assertThat(ingress).containsExactlyInAnyOrder("aws_vpc_security_group_ingress_rule.https",
                "aws_vpc_security_group_ingress_rule.ssh");
        assertThat(META.resources().keySet()).noneMatch(a -> a.startsWith("aws_security_group_rule."));
        assertThat(META.resource("aws_security_group.orchestrator")).doesNotContainKeys("ingress", "egress");
        assertThat(META.blockSource("locals")).contains("  port    = 443\n");
        assertThat(META.blockSource("resource \"aws_vpc_security_group_ingress_rule\" \"https\""))
                .contains("from_port         = local.port", "to_port           = local.port", "cidr_ipv4         = \"0.0.0.0/0\"");
        assertThat(META.blockSource("resource \"aws_vpc_security_group_ingress_rule\" \"ssh\""))
                .contains("count = var.ssh_cidr == null ? 0 : 1", "cidr_ipv4         = var.ssh_cidr", "from_port         = 22");
    }

    @Test
    void theHostIsImdsV2OnlyKeepsItsDataAndIsNeverReplacedByANewImage() {
        Map<String, Object> instance = META.resource("aws_instance.orchestrator");
        assertThat(map(instance.get("metadata_options"))).containsEntry("http_tokens", "required")
                .containsEntry("http_endpoint", "enabled");
        assertThat(instance.get("ami").toString()).startsWith("data.aws_ssm_parameter.al2023");
        assertThat(map(map(META.blocks("data").get("aws_ssm_parameter")).get("al2023")).get("name").toString())
                .startsWith("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-");
        assertThat(instance.get("iam_instance_profile").toString()).isEqualTo("aws_iam_instance_profile.orchestrator.name");
        String source = META.blockSource("resource \"aws_instance\" \"orchestrator\"");
        assertThat(source).contains("ignore_changes       = [ami, user_data]")
                .contains("replace_triggered_by = [aws_s3_object.orchestrator_jar]");
        // The address is associated separately: the certificate needs it, the instance needs the certificate.
        assertThat(source).doesNotContain("aws_eip_association");
        assertThat(META.resource("aws_eip_association.orchestrator").get("instance_id").toString())
                .isEqualTo("aws_instance.orchestrator.id");
        assertThat(META.resource("aws_eip.orchestrator")).containsEntry("domain", "vpc");
    }

    @Test
    void theCertificateIsLongLivedForTheElasticIpAndTheHostGetsAPkcs8Key() {
        Map<String, Object> cert = META.resource("tls_self_signed_cert.orchestrator");
        assertThat(cert).containsEntry("early_renewal_hours", 0.0);
        assertThat(cert.get("validity_period_hours").toString()).isEqualTo("var.cert_validity_hours");
        assertThat(cert.get("ip_addresses").toString()).contains("aws_eip.orchestrator.public_ip");
        assertThat(cert.get("allowed_uses").toString()).contains("server_auth");
        assertThat(META.resource("aws_ssm_parameter.tls_key").get("value").toString())
                .isEqualTo("tls_private_key.orchestrator.private_key_pem_pkcs8");
    }

    @Test
    void theJarIsUploadedPrivatelyWithItsHashAsEtag() {
        Map<String, Object> object = META.resource("aws_s3_object.orchestrator_jar");
        assertThat(object.get("source").toString()).isEqualTo("var.orchestrator_jar");
        assertThat(META.blockSource("resource \"aws_s3_object\" \"orchestrator_jar\"")).contains("etag         = filemd5(var.orchestrator_jar)");
        assertThat(META.resource("aws_s3_bucket_public_access_block.artifacts")).containsEntry("block_public_acls", true)
                .containsEntry("block_public_policy", true).containsEntry("ignore_public_acls", true)
                .containsEntry("restrict_public_buckets", true);
        assertThat(META.resources().keySet()).noneMatch(a -> a.startsWith("aws_s3_bucket_policy."));
    }

    @Test
    void theRoleReadsExactlyTheJarAndTheTwoParameters() {
        String policy = META.blockSource("resource \"aws_iam_role_policy\" \"orchestrator\"");
        assertThat(policy).contains("Action   = [\"s3:GetObject\"]")
                .contains("Resource = [\"${aws_s3_bucket.artifacts.arn}/${local.jar_key}\"]")
                .contains("Action   = [\"ssm:GetParameter\"]")
                .contains("Resource = [aws_ssm_parameter.api_key.arn, aws_ssm_parameter.tls_key.arn]")
                .doesNotContain("\"*\"").doesNotContain("s3:*").doesNotContain("ssm:*");
        assertThat(META.blockSource("resource \"aws_iam_role\" \"orchestrator\"")).contains("Principal = { Service = \"ec2.amazonaws.com\" }");
    }

    @Test
    void theBootScriptGetsExactlyItsPlaceholdersAndNoSecret() throws IOException {
        Object userData = META.resource("aws_instance.orchestrator").get("user_data");
        assertThat(userData).isInstanceOf(Call.class);
        Call call = (Call) userData;
        assertThat(call.function()).isEqualTo("templatefile");
        assertThat(call.args().get(0).toString()).endsWith("/user-data.sh.tftpl");
        Map<String, Object> vars = map(call.args().get(1));
        String template = MetaTemplate.template();
        assertThat(new TreeSet<>(vars.keySet())).isEqualTo(new TreeSet<>(TemplateRenderer.placeholders(template)));
        Map<String, Object> passed = new LinkedHashMap<>(vars);
        assertThat(mentions(passed, "admin_api_key")).isFalse();
        assertThat(mentions(passed, "private_key")).isFalse();
        assertThat(vars.get("cert_pem").toString()).isEqualTo("tls_self_signed_cert.orchestrator.cert_pem");
        assertThat(template).contains("dnf install -y java-21-amazon-corretto-headless")
                .doesNotContain("dnf update").doesNotContain("dnf upgrade").contains("Restart=on-failure")
                .contains("--data-dir /var/lib/benchfleet").contains("chmod 0600 /etc/benchfleet/api.key /etc/benchfleet/key.pem");
        assertThat(Files.size(HclModule.infrastructure().resolve("meta/user-data.sh.tftpl"))).isLessThan(16 * 1024 - 1024);
    }

    @Test
    void theProviderJarCarriesTheModuleWithoutItsTests() throws IOException {
        dev.benchfleet.core.terraform.TerraformModule bundled = dev.benchfleet.core.terraform.TerraformModule.fromClasspath(
                "meta", getClass().getClassLoader(), "dev/benchfleet/provider/aws/terraform/meta");
        assertThat(bundled.files()).containsExactlyInAnyOrder("main.tf", "outputs.tf", "variables.tf", "versions.tf",
                "user-data.sh.tftpl");
        assertThat(new String(getClass().getClassLoader().getResourceAsStream(
                "dev/benchfleet/provider/aws/terraform/meta/user-data.sh.tftpl").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(MetaTemplate.template());
    }

    private static String output(String name) {
        return map(META.outputs().get(name)).get("value").toString();
    }

    private static Map<String, Object> variable(String name) {
        return map(META.variables().get(name));
    }

    private static boolean mentions(Object tree, String reference) {
        return HclModule.walk(tree).anyMatch(v -> v.toString().contains(reference));
    }

    private static void assertOrchestratorTags(String what, Object tags) {
        assertThat(tags).as(what + " tags").isInstanceOf(Map.class);
        assertThat(map(tags)).as(what).containsEntry("benchfleet-managed", "true")
                .containsEntry("benchfleet-component", "orchestrator").doesNotContainKey("benchfleet-run-id");
    }
}
