package dev.benchfleet.core.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule that decides whether a provider built against one SPI version runs on another: the same
 * MAJOR, and the provider's MINOR no greater than ours. A newer MINOR may use parts of the SPI this
 * build lacks; another MAJOR changed something a provider relies on.
 */
final class SpiCompatibility {

    private static final Pattern VERSION = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");

    private SpiCompatibility() {
    }

    /**
     * Why a provider built against {@code declared} cannot run with {@code ours}, as the end of a sentence
     * that starts with the provider; empty when it can.
     */
    static Optional<String> incompatibility(String declared, String ours) {
        Matcher theirs = VERSION.matcher(declared == null ? "" : declared.strip());
        Matcher mine = VERSION.matcher(ours);
        if (!mine.matches()) {
            throw new IllegalArgumentException("this build's SPI version is not MAJOR.MINOR: " + ours);
        }
        if (!theirs.matches()) {
            return Optional.of("declares SPI version '" + declared + "', which is not MAJOR.MINOR; this runner's SPI is "
                    + ours + " — annotate it with @SpiVersion(SpiVersion.CURRENT), not a literal, and rebuild");
        }
        int major = Integer.parseInt(theirs.group(1));
        int minor = Integer.parseInt(theirs.group(2));
        int ourMajor = Integer.parseInt(mine.group(1));
        int ourMinor = Integer.parseInt(mine.group(2));
        if (major != ourMajor) {
            return Optional.of("is built against SPI " + declared + ", and this runner's SPI is " + ours
                    + ": another major version is incompatible — use a build of the provider for SPI " + ourMajor
                    + ".x (up to " + ours + "), or a runner with SPI " + major + ".x");
        }
        if (minor > ourMinor) {
            return Optional.of("is built against SPI " + declared + ", newer than this runner's SPI " + ours
                    + ", and may use parts of the SPI this runner lacks — use a runner with SPI " + declared
                    + " or a later " + major + ".x, or a build of the provider for SPI " + ours);
        }
        return Optional.empty();
    }
}
