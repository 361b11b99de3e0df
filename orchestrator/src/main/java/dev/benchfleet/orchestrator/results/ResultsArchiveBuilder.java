package dev.benchfleet.orchestrator.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.orchestrator.store.RunRecord;
import dev.benchfleet.orchestrator.store.TaskRecord;
import dev.benchfleet.protocol.TaskStatus;
import dev.benchfleet.orchestrator.uploads.Blobs;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a run's combined results archive: one folder {@code <alias>-<task_id>/} per completed task
 * holding that task's {@code output.txt}, {@code output.json}, {@code output.csv} and
 * {@code metadata.json} taken from the archive the runner uploaded.
 *
 * <p>A task archive that is missing or unreadable does not stop the others: its folder still gets
 * a {@code metadata.json} written from what the orchestrator knows, so the task stays visible.
 */
public final class ResultsArchiveBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ResultsArchiveBuilder.class);
    private static final Set<String> KEPT_FILES = Set.of("output.txt", "output.json", "output.csv", "metadata.json");
    /** Bigger entries are skipped: benchmark outputs are text, a huge entry is a broken upload. */
    private static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;
    /**
     * A task archive whose tar is at most this big is read from memory (one buffer reused for every
     * task, entries found by their headers, nothing skipped by reading); a bigger one is streamed.
     */
    private static final int IN_MEMORY_TAR_BYTES = 1024 * 1024;

    private final Blobs uploads;
    private final Blobs results;
    private final Path spool;
    private final ObjectMapper json;

    /**
     * @param uploads where the runners' task archives are
     * @param results where the combined archives go, as {@code <run_id>.tar.gz}
     * @param spool folder for the archive while it is being written
     */
    public ResultsArchiveBuilder(Blobs uploads, Blobs results, Path spool, ObjectMapper json) {
        this.uploads = uploads;
        this.results = results;
        this.spool = spool;
        this.json = json;
    }

    /** The key of a run's combined archive in the results store. */
    public static String archiveKey(String runId) {
        return runId + ".tar.gz";
    }

    /** The combined archive of {@code runId}, once built. */
    public Optional<Blobs.Blob> archive(String runId) throws IOException {
        return results.open(archiveKey(runId));
    }

    /**
     * Writes the archive for {@code run} from its completed tasks (read page by page, so a run of
     * 100,000 tasks is never in memory at once) and stores it under {@link #archiveKey}.
     */
    public void build(RunRecord run, Iterable<TaskRecord> tasks) throws IOException {
        Files.createDirectories(spool);
        Path temp = Files.createTempFile(spool, ".results-", ".part");
        try {
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp));
                 GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(file, fastGzip());
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Scratch scratch = new Scratch();
                for (TaskRecord task : tasks) {
                    if (task.status() == TaskStatus.COMPLETED) {
                        addTask(tar, run, task, scratch);
                    }
                }
                tar.finish();
            }
            results.put(archiveKey(run.runId()), temp);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The fastest deflate level: the archive is built while the run's last runner waits for its
     * answer, and tar headers and benchmark text compress well at any level.
     */
    private static org.apache.commons.compress.compressors.gzip.GzipParameters fastGzip() {
        org.apache.commons.compress.compressors.gzip.GzipParameters parameters =
                new org.apache.commons.compress.compressors.gzip.GzipParameters();
        parameters.setCompressionLevel(java.util.zip.Deflater.BEST_SPEED);
        return parameters;
    }

    private void addTask(TarArchiveOutputStream tar, RunRecord run, TaskRecord task, Scratch scratch)
            throws IOException {
        String folder = task.alias() + "-" + task.id() + "/";
        addDirectory(tar, folder);
        boolean hasMetadata = false;
        Optional<Blobs.Blob> upload = task.resultKey() == null ? Optional.empty() : uploads.open(task.resultKey());
        if (upload.isEmpty()) {
            LOG.warn("Task {} of run {} completed without an uploaded result archive", task.id(), run.runId());
        } else {
            try {
                hasMetadata = copyKeptFiles(upload.get(), tar, folder, scratch);
            } catch (IOException e) {
                // Reading the runner's archive failed, not writing ours: keep going with the others.
                LOG.warn("Result archive of task {} of run {} is unreadable: {}", task.id(), run.runId(), e.toString());
            }
        }
        if (!hasMetadata) {
            addFile(tar, folder + "metadata.json", fallbackMetadata(run, task));
        }
    }

    /** A buffer reused for every task's decompressed tar. */
    private static final class Scratch extends java.io.ByteArrayOutputStream {
        Scratch() {
            super(64 * 1024);
        }

        private final byte[] chunk = new byte[8192];

        /** Reads {@code in} to its end; false (contents undefined) when it holds more than {@code max} bytes. */
        boolean fill(InputStream in, int max) throws IOException {
            reset();
            int n;
            while ((n = in.read(chunk)) != -1) {
                if (count + n > max) {
                    return false;
                }
                write(chunk, 0, n);
            }
            return true;
        }

        byte[] contents() {
            return count == buf.length ? buf : java.util.Arrays.copyOf(buf, count);
        }
    }

    /** Copies the kept files; returns whether a metadata.json was among them. */
    private static boolean copyKeptFiles(Blobs.Blob archive, TarArchiveOutputStream tar, String folder, Scratch scratch)
            throws IOException {
        // Read everything first: a corrupt archive must not leave a half-written entry in ours.
        Map<String, byte[]> found = new HashMap<>();
        boolean small;
        try (InputStream gzip = new java.util.zip.GZIPInputStream(archive.open(), 1024)) {
            small = scratch.fill(gzip, IN_MEMORY_TAR_BYTES);
        }
        if (small) {
            try (org.apache.commons.compress.archivers.tar.TarFile entries =
                         new org.apache.commons.compress.archivers.tar.TarFile(scratch.contents())) {
                for (TarArchiveEntry entry : entries.getEntries()) {
                    String name = keptName(entry, found);
                    if (name != null) {
                        try (InputStream content = entries.getInputStream(entry)) {
                            found.put(name, content.readAllBytes());
                        }
                    }
                }
            }
        } else {
            streamKeptFiles(archive, found);
        }
        for (String name : List.of("output.txt", "output.json", "output.csv", "metadata.json")) {
            if (found.containsKey(name)) {
                addFile(tar, folder + name, found.get(name));
            }
        }
        return found.containsKey("metadata.json");
    }

    /** The kept files of a big task archive, streamed entry by entry. */
    private static void streamKeptFiles(Blobs.Blob archive, Map<String, byte[]> found) throws IOException {
        try (InputStream in = new BufferedInputStream(archive.open());
             GzipCompressorInputStream gzip = new GzipCompressorInputStream(in);
             TarArchiveInputStream entries = new TarArchiveInputStream(gzip)) {
            TarArchiveEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = keptName(entry, found);
                if (name != null) {
                    found.put(name, entries.readAllBytes());
                }
            }
        }
    }

    /** The entry's file name when it is one of the kept files not found yet (the first one wins); else null. */
    private static String keptName(TarArchiveEntry entry, Map<String, byte[]> found) {
        String name = baseName(entry.getName());
        return entry.isFile() && KEPT_FILES.contains(name) && !found.containsKey(name)
                && entry.getSize() <= MAX_ENTRY_BYTES ? name : null;
    }

    private byte[] fallbackMetadata(RunRecord run, TaskRecord task) throws IOException {
        ObjectNode metadata = json.createObjectNode();
        metadata.put("task_id", task.id());
        metadata.put("provider", task.provider());
        metadata.put("instance_type", task.instanceType());
        metadata.put("alias", task.alias());
        metadata.put("ruby_version", run.rubyVersion());
        metadata.put("run", task.runNumber());
        metadata.put("status", "success");
        metadata.put("runner_id", task.runnerId());
        metadata.put("note", "written by the orchestrator: the task's own result archive was missing or unreadable");
        return json.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata);
    }

    private static String baseName(String entryName) {
        String trimmed = entryName.endsWith("/") ? entryName.substring(0, entryName.length() - 1) : entryName;
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    private static void addDirectory(TarArchiveOutputStream tar, String name) throws IOException {
        // A name ending in '/' makes a directory entry with the default 0755 mode.
        tar.putArchiveEntry(new TarArchiveEntry(name));
        tar.closeArchiveEntry();
    }

    private static void addFile(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
