package dev.benchfleet.terraformcheck.schema;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * A small CDK-for-Terraform provider package made by hand, laid out like the real ones (jsii assembly
 * first, a lib/ file, package.json last): provider {@code hashicorp/demo} 1.2.3 with resource
 * {@code demo_server} and data source {@code demo_image}.
 */
public final class HandmadePackage {

    private HandmadePackage() {
    }

    static final String JSII = """
            {
              "name": "@cdktf/provider-demo", "readme": {"markdown": "# demo {not: a type}"},
              "types": {
                "@cdktf/provider-demo.server.Server": {
                  "kind": "class", "base": "cdktf.TerraformResource", "fqn": "@cdktf/provider-demo.server.Server",
                  "docs": {"summary": "Represents a {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server demo_server}."},
                  "initializer": {"parameters": [{"name": "scope", "type": {"fqn": "constructs.Construct"}},
                      {"name": "id", "type": {"primitive": "string"}},
                      {"name": "config", "type": {"fqn": "@cdktf/provider-demo.server.ServerConfig"}}]},
                  "properties": [
                    {"name": "tfResourceType", "static": true, "const": true, "type": {"primitive": "string"}},
                    {"name": "arn", "type": {"primitive": "string"}},
                    {"name": "publicIpv4Address", "type": {"primitive": "string"}},
                    {"name": "sizeInput", "type": {"primitive": "string"}},
                    {"name": "size", "type": {"primitive": "string"}}
                  ]
                },
                "@cdktf/provider-demo.server.ServerConfig": {
                  "kind": "interface", "datatype": true, "fqn": "@cdktf/provider-demo.server.ServerConfig",
                  "interfaces": ["cdktf.TerraformMetaArguments"],
                  "properties": [
                    {"name": "size", "type": {"primitive": "string"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#size Server#size}."}},
                    {"name": "ipv6Count", "optional": true, "type": {"primitive": "number"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#ipv6_count Server#ipv6_count}."}},
                    {"name": "disk", "type": {"union": {"types": [{"fqn": "cdktf.IResolvable"},
                        {"collection": {"kind": "array", "elementtype": {"fqn": "@cdktf/provider-demo.server.ServerDisk"}}}]}},
                     "docs": {"summary": "disk block.", "remarks": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#disk Server#disk}"}},
                    {"name": "network", "optional": true, "type": {"fqn": "@cdktf/provider-demo.server.ServerNetwork"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#network Server#network}."}}
                  ]
                },
                "@cdktf/provider-demo.server.ServerDisk": {
                  "kind": "interface", "datatype": true, "fqn": "@cdktf/provider-demo.server.ServerDisk",
                  "properties": [
                    {"name": "sizeGb", "type": {"primitive": "number"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#size_gb Server#size_gb}."}}
                  ]
                },
                "@cdktf/provider-demo.server.ServerNetwork": {
                  "kind": "interface", "datatype": true, "fqn": "@cdktf/provider-demo.server.ServerNetwork",
                  "properties": [
                    {"name": "subnet", "optional": true, "type": {"primitive": "string"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/resources/server#subnet Server#subnet}."}}
                  ]
                },
                "@cdktf/provider-demo.dataDemoImage.DataDemoImage": {
                  "kind": "class", "base": "cdktf.TerraformDataSource", "fqn": "@cdktf/provider-demo.dataDemoImage.DataDemoImage",
                  "docs": {"summary": "Represents a {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/data-sources/image demo_image}."},
                  "initializer": {"parameters": [{"name": "config", "type": {"fqn": "@cdktf/provider-demo.dataDemoImage.DataDemoImageConfig"}}]},
                  "properties": [{"name": "imageId", "type": {"primitive": "string"}}]
                },
                "@cdktf/provider-demo.dataDemoImage.DataDemoImageConfig": {
                  "kind": "interface", "datatype": true, "fqn": "@cdktf/provider-demo.dataDemoImage.DataDemoImageConfig",
                  "properties": [
                    {"name": "name", "type": {"primitive": "string"},
                     "docs": {"summary": "Docs at Terraform Registry: {@link https://registry.terraform.io/providers/hashicorp/demo/1.2.3/docs/data-sources/image#name DataDemoImage#name}."}}
                  ]
                },
                "@cdktf/provider-demo.server.ServerDiskList": {"kind": "class", "base": "cdktf.ComplexList", "fqn": "@cdktf/provider-demo.server.ServerDiskList"}
              },
              "version": "9.9.9"
            }
            """;

    static final String PACKAGE_JSON = """
            {"name": "@cdktf/provider-demo", "version": "9.9.9",
             "cdktf": {"provider": {"name": "registry.terraform.io/hashicorp/demo", "version": "1.2.3"}}}
            """;

    /** Made once: gzip stamps the time into its header, and the tests compare bytes. */
    private static final byte[] TARBALL = build();

    /** The package's tarball bytes. */
    public static byte[] tarball() {
        return TARBALL.clone();
    }

    private static byte[] build() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            add(tar, "package/.jsii", JSII);
            add(tar, "package/lib/server/index.js", "exports.Server = class Server {};\n");
            add(tar, "package/package.json", PACKAGE_JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The package as the checker pins one: {@code demo} → {@code hashicorp/demo} 1.2.3, with the tarball's hash. */
    public static ProviderPackage pinned() {
        return new ProviderPackage("demo", "@cdktf/provider-demo", "9.9.9", "hashicorp/demo", "1.2.3", sha512(tarball()));
    }

    static String sha512(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(data.length);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }
}
