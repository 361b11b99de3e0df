package dev.benchfleet.testkit.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One call of the fake {@code terraform}, as its transcript recorded it.
 *
 * @param pid          the fake's process id
 * @param argv         the arguments, without the binary
 * @param subcommand   e.g. {@code apply}; empty when none was given
 * @param workDir      where the call ran ({@code -chdir} applied)
 * @param environment  {@code TF_*} and {@code CHECKPOINT_DISABLE} as the fake saw them; every
 *                     {@code TF_VAR_*} value replaced by {@link FakeTerraform#fingerprint(String)}
 * @param varFiles     each {@code -var-file} as given, with its parsed JSON content
 * @param filesBefore  the names in the working folder when the call started (e.g. {@code .terraform.lock.hcl})
 * @param startedAt    when it started
 * @param endedAt      when it ended; null when it was killed
 * @param exitCode     its exit status; null when it was killed
 * @param interrupted  whether it received SIGINT
 */
public record FakeTerraformCall(long pid, List<String> argv, String subcommand, String workDir,
                                Map<String, String> environment, Map<String, JsonNode> varFiles,
                                List<String> filesBefore, Instant startedAt, Instant endedAt, Integer exitCode,
                                boolean interrupted) {

    /** The exit status, when the call ended by itself or after SIGINT (not when killed). */
    public Optional<Integer> exit() {
        return Optional.ofNullable(exitCode);
    }

    /** True when it never ended by itself: it was killed. */
    public boolean killed() {
        return endedAt == null;
    }

    /** The whole argument list as one string, for "contains" assertions. */
    public String commandLine() {
        return String.join(" ", argv);
    }
}
