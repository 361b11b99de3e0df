package dev.benchfleet.terraformcheck.schema;

import java.util.List;
import java.util.Optional;

/**
 * One prebuilt CDK-for-Terraform provider package on the npm registry and the Terraform provider schema
 * it was generated from.
 *
 * @param localName     the provider's local name in {@code required_providers} and its type prefix ({@code aws})
 * @param npmName       the npm package ({@code @cdktf/provider-aws})
 * @param npmVersion    the pinned package version
 * @param source        the provider's source address ({@code hashicorp/aws})
 * @param version       the provider version the package was generated from
 * @param sha512        hex SHA-512 of the tarball, as the registry publishes it (dist.integrity)
 */
public record ProviderPackage(String localName, String npmName, String npmVersion, String source, String version,
        String sha512) {

    /** The four providers our modules may use, at the versions whose schemas the checker knows. */
    public static final List<ProviderPackage> PINNED = List.of(
            new ProviderPackage("aws", "@cdktf/provider-aws", "21.22.1", "hashicorp/aws", "6.25.0",
                    "06e48779a40550bf65df7a41cc83114fb71343af4033698bb628e3b5e08f8554119afba1ba3f4bbdfca67fb92700c858a804faf8bae5b3d8e21955bf52cdf3ad"),
            new ProviderPackage("azurerm", "@cdktf/provider-azurerm", "14.23.1", "hashicorp/azurerm", "4.55.0",
                    "dc7db43b38fb74e2a6223ea6aa8ac76448cb368e703bf3011151f0bba939ddf967ff411c88641af6c0cb5816126f4a38d187298a1f65169fe4e921916c595056"),
            new ProviderPackage("tls", "@cdktf/provider-tls", "11.0.1", "hashicorp/tls", "4.1.0",
                    "f1bee72895332c3c461073ae5e8e5672914683b838ad0aa897a7f5623089a100f9a37000ebc8633297d627acb2f390c97a4ca3034fe27586de20d94e9ab77811"),
            new ProviderPackage("random", "@cdktf/provider-random", "12.0.1", "hashicorp/random", "3.7.2",
                    "c84f5fb5e551c5e90e97a32125e33ab1a7355649630b0185ad9c68cead1a135d734c1981e28401af79e4f59d40d82e42dc807fd232a669b60334faa0ad90df37"));

    /** The unscoped package name ({@code provider-aws}). */
    public String bareName() {
        return npmName.substring(npmName.indexOf('/') + 1);
    }

    /** The tarball's file name, as the registry names it ({@code provider-aws-21.22.1.tgz}). */
    public String tarballName() {
        return bareName() + "-" + npmVersion + ".tgz";
    }

    /** The registry path of the tarball ({@code @cdktf/provider-aws/-/provider-aws-21.22.1.tgz}). */
    public String tarballPath() {
        return npmName + "/-/" + tarballName();
    }

    /** The name of the compact extract in the cache. */
    public String extractName() {
        return bareName() + "-" + npmVersion + ".schema.json";
    }

    /** A pinned package by local name or source ({@code aws}, {@code hashicorp/aws}). */
    public static Optional<ProviderPackage> find(List<ProviderPackage> packages, String localNameOrSource) {
        String wanted = localNameOrSource.startsWith("registry.terraform.io/")
                ? localNameOrSource.substring("registry.terraform.io/".length()) : localNameOrSource;
        return packages.stream().filter(p -> p.localName().equals(wanted) || p.source().equalsIgnoreCase(wanted)).findFirst();
    }
}
