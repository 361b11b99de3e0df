package dev.benchfleet.terraformcheck.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.benchfleet.core.error.ExternalException;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class JsiiSchemaExtractorTest {

    private final ProviderSchema schema = new JsiiSchemaExtractor().extract(new ByteArrayInputStream(HandmadePackage.tarball()), "demo.tgz");

    @Test
    void providerAndVersionComeFromPackageJson() {
        assertThat(schema.source()).isEqualTo("hashicorp/demo");
        assertThat(schema.version()).isEqualTo("1.2.3");
        assertThat(schema.npmPackage()).isEqualTo("@cdktf/provider-demo@9.9.9");
    }

    @Test
    void argumentsCarryTheirSnakeCaseNameAndRequiredFlag() {
        BlockSchema server = schema.resources().get("demo_server");
        assertThat(server.arguments()).containsEntry("size", true).containsEntry("ipv6_count", false).containsEntry("network", false);
    }

    @Test
    void aStructPropertyDocumentedAsABlockIsANestedBlockAndOthersAreObjectArguments() {
        BlockSchema server = schema.resources().get("demo_server");
        assertThat(server.blocks()).containsOnlyKeys("disk");
        assertThat(server.blocks().get("disk").required()).isTrue();
        assertThat(server.blocks().get("disk").schema().arguments()).containsEntry("size_gb", true);
        assertThat(server.objectArguments()).containsOnlyKeys("network");
        assertThat(server.objectArguments().get("network").arguments()).containsEntry("subnet", false);
    }

    @Test
    void computedOnlyAttributesComeFromTheClassGetters() {
        BlockSchema server = schema.resources().get("demo_server");
        assertThat(server.readable()).contains("arn", "public_ipv4_address", "size", "disk").doesNotContain("size_input", "tf_resource_type");
        assertThat(server.isReadOnly("arn")).isTrue();
        assertThat(server.isReadOnly("size")).isFalse();
    }

    @Test
    void dataSourcesAreSeparateFromResources() {
        assertThat(schema.dataSources()).containsOnlyKeys("demo_image");
        assertThat(schema.dataSources().get("demo_image").arguments()).containsEntry("name", true);
        assertThat(schema.dataSources().get("demo_image").readable()).contains("image_id");
        assertThat(schema.resources()).containsOnlyKeys("demo_server");
    }

    @Test
    void aTarballThatIsNoProviderPackageIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new JsiiSchemaExtractor().extract(new ByteArrayInputStream("not gzip".getBytes()), "junk.tgz"))
                .isInstanceOf(ExternalException.class).hasMessageContaining("junk.tgz is not a readable npm package tarball");
    }

    @Test
    void snakeCaseOfGettersKeepsDigitsWithTheirWord() {
        assertThat(JsiiSchemaExtractor.snake("publicKeyFingerprintSha256")).isEqualTo("public_key_fingerprint_sha256");
        assertThat(JsiiSchemaExtractor.snake("ipv6CidrBlock")).isEqualTo("ipv6_cidr_block");
    }
}
