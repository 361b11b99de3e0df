package dev.benchfleet.core.journal;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/** {@code .benchfleet/runs/} under a base folder: every run's journal, found by id or as {@code latest}. */
public final class RunsFolder {

    /** Where run folders live, relative to the folder a run was started in. */
    public static final Path RELATIVE = Path.of(".benchfleet", "runs");

    private final Path dir;
    private final Clock clock;

    public RunsFolder(Path baseDir, Clock clock) {
        this.dir = baseDir.toAbsolutePath().normalize().resolve(RELATIVE);
        this.clock = clock;
    }

    /** {@code .benchfleet/runs}. */
    public Path dir() {
        return dir;
    }

    /** The folder of one run (it may not exist). */
    public Path runDir(String runId) {
        return dir.resolve(runId);
    }

    /** Ids of every run folder that has a journal, oldest first (ids start with the time). */
    public List<String> ids() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(dir)) {
            return runs.filter(run -> Files.isRegularFile(run.resolve(RunJournal.FILE)))
                    .map(run -> run.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ConfigException(new Problem(dir.toString(), "cannot be listed: " + e.getMessage()), null);
        }
    }

    /**
     * Opens a run's journal by id, or the newest with {@code latest}.
     *
     * @throws ConfigException for an unknown id or a damaged journal
     */
    public RunJournal open(String idOrLatest) {
        String id = idOrLatest;
        if ("latest".equals(idOrLatest)) {
            List<String> ids = ids();
            if (ids.isEmpty()) {
                throw new ConfigException(new Problem("latest", "there is no run in " + dir), "start one with -c CONFIG");
            }
            id = ids.get(ids.size() - 1);
        } else if (!idOrLatest.matches("\\d{18}")) {
            throw new ConfigException(new Problem("run id '" + idOrLatest + "'", "is not a run id (18 digits) or latest"),
                    "`list` shows the runs");
        }
        Path runDir = runDir(id);
        if (!Files.isRegularFile(runDir.resolve(RunJournal.FILE))) {
            throw new ConfigException(new Problem("run id " + id, "no such run in " + dir), "`list` shows the runs");
        }
        return RunJournal.open(runDir, clock);
    }
}
