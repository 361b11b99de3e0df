package dev.benchfleet.core.spi;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a provider saved about one machine whose runners claimed nothing in time ({@link TaskRunnerProvider#diagnoseBoot}).
 *
 * @param alias     the config entry the machine runs
 * @param machineId the machine's id at the provider ({@code i-0abc…})
 * @param log       the file it wrote into the run's logs (its console output)
 * @param note      one line for people: what the log shows at its end, or why there is nothing in it
 */
public record MachineDiagnosis(String alias, String machineId, Path log, String note) {

    public MachineDiagnosis {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(machineId, "machineId");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(note, "note");
    }

    /** A {@link #note} from a console log: its last non-blank line, cut at 160 characters. */
    public static String lastLineNote(String output) {
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return "last line: " + (last.length() > 160 ? last.substring(0, 160) + "…" : last);
    }
}
