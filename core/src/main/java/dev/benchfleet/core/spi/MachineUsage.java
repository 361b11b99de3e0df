package dev.benchfleet.core.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long one machine of a run was up, as its provider knows it: from when the machine was created to when the
 * run's teardown finished removing it ({@link TaskRunnerProvider#usage}). Core sums these into the run's
 * instance-hours per alias.
 *
 * @param alias   the config entry the machine ran
 * @param id      the machine's id at the provider ({@code i-0abc…}, a VM name)
 * @param created when the machine was created (a provider may take the moment it asked for it: an upper bound)
 * @param ended   when the teardown that removed it finished, or {@code null} while it is still up
 */
public record MachineUsage(String alias, String id, Instant created, Instant ended) {

    public MachineUsage {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        if (ended != null && ended.isBefore(created)) {
            throw new IllegalArgumentException("machine " + id + " ended (" + ended + ") before it was created (" + created + ")");
        }
    }

    /** When it ended, if it did. */
    public Optional<Instant> knownEnd() {
        return Optional.ofNullable(ended);
    }

    /** Time up until it ended, or until {@code now} while it is still up. */
    public Duration upTime(Instant now) {
        Instant end = ended != null ? ended : now;
        return end.isBefore(created) ? Duration.ZERO : Duration.between(created, end);
    }
}
