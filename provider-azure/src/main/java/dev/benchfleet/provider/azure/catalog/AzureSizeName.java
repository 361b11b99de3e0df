package dev.benchfleet.provider.azure.catalog;

import dev.benchfleet.core.spi.Architecture;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an Azure VM size name says by itself: {@code Standard_<family><vCPU digits>[-<active vCPUs>]<feature
 * letters>[_v<version>]}. Only the architecture is read from it ({@code p} among the lower-case feature letters
 * means arm64: Dps/Dpds/Dpls/Dplds v5/v6, Eps/Epds, Bps v2); the number in the name is <em>not</em> the vCPU
 * count (Standard_E4-2s_v5 has 2, Standard_D14_v2 has 16), which only the catalog or Resource SKUs know.
 *
 * @param name     the size as written by the user
 * @param family   the upper-case family letters ({@code D}, {@code DS}, {@code E}, {@code F}, {@code B})
 * @param features the lower-case feature letters after the digits ({@code pls} of {@code Standard_D2pls_v6})
 */
public record AzureSizeName(String name, String family, String features) {

    /** Family letters, digits, an optional constrained-core count, feature letters, an optional version. */
    private static final Pattern SIZE = Pattern.compile("Standard_([A-Z]+)([0-9]+)(-[0-9]+)?([a-z]*)(_v[0-9]+)?",
            Pattern.CASE_INSENSITIVE);

    /** Parses a size name; empty when it does not have the {@code Standard_...} shape. */
    public static Optional<AzureSizeName> parse(String name) {
        Matcher m = SIZE.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        // Case matters for the letters (family upper, features lower); a lower-case name still parses, and
        // then only the canonical spelling (from the catalog) tells family and features apart reliably.
        String family = m.group(1);
        String features = m.group(4);
        return Optional.of(new AzureSizeName(name, family, features));
    }

    /** True when the name has the {@code Standard_...} shape of an Azure VM size. */
    public static boolean isSizeName(String name) {
        return SIZE.matcher(name).matches();
    }

    /** arm64 when the feature letters contain {@code p}, else x86_64. */
    public Architecture inferredArchitecture() {
        return features.toLowerCase(Locale.ROOT).contains("p") ? Architecture.ARM64 : Architecture.X86_64;
    }
}
