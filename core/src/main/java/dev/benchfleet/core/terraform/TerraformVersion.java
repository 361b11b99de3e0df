package dev.benchfleet.core.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import dev.benchfleet.core.error.Problem;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code version -json} said.
 *
 * @param product  {@code terraform} or {@code tofu}
 * @param major    e.g. 1
 * @param minor    e.g. 11
 * @param patch    e.g. 4
 * @param text     the version as printed, e.g. {@code 1.11.4} or {@code 1.10.0-beta1}
 * @param platform e.g. {@code linux_amd64}; empty when not printed
 */
public record TerraformVersion(String product, int major, int minor, int patch, String text, String platform) {

    /** The oldest Terraform the driver accepts: {@code -json} UI lines, {@code terraform_data}, lock files. */
    public static final TerraformVersion MINIMUM = new TerraformVersion("terraform", 1, 5, 0, "1.5.0", "");

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?");

    /**
     * Reads the JSON of {@code version -json}. Terraform prints {@code terraform_version}, and so does
     * OpenTofu (for compatibility); {@code tofu_version} is accepted too.
     *
     * @throws IllegalArgumentException when no version can be read
     */
    public static TerraformVersion fromJson(String product, JsonNode json) {
        String text = json.path("terraform_version").asText(json.path("tofu_version").asText(""));
        return parse(product, text, json.path("platform").asText(""));
    }

    /** Parses {@code 1.11.4}, {@code v1.6.0-rc1}... */
    public static TerraformVersion parse(String product, String text, String platform) {
        Matcher m = VERSION.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a version: '" + text + "'");
        }
        return new TerraformVersion(product, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), text.strip(), platform);
    }

    /** True when this is at least {@code other} (product ignored: OpenTofu 1.6 forked from Terraform 1.6). */
    public boolean isAtLeast(TerraformVersion other) {
        if (major != other.major) {
            return major > other.major;
        }
        if (minor != other.minor) {
            return minor > other.minor;
        }
        return patch >= other.patch;
    }

    /** A problem naming the binary and the install hint when this version is older than {@link #MINIMUM}. */
    public Optional<Problem> problem(TerraformBinary binary) {
        if (isAtLeast(MINIMUM)) {
            return Optional.empty();
        }
        return Optional.of(Problem.environment(TerraformBinary.VARIABLE,
                binary.path() + " is " + product + " " + text + "; Benchfleet needs " + MINIMUM.text()
                        + " or newer. " + TerraformBinary.INSTALL_HINT));
    }

    @Override
    public String toString() {
        return product + " " + text;
    }
}
