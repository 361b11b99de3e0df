package dev.benchfleet.taskrunner.archive;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.taskrunner.benchmark.OutputFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Writes the two archive kinds of the protocol as flat {@code .tar.gz} files (no folder inside:
 * the orchestrator adds {@code <alias>-<task_id>/} when it combines them).
 */
public final class ArchiveWriter {

    public static final String METADATA = "metadata.json";
    public static final String ERROR_TEXT = "error.txt";

    private final ObjectMapper mapper;

    public ArchiveWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code output.txt} (required), {@code output.json} and {@code output.csv} when present, and metadata. */
    public Path writeResult(Path outputDir, ResultMetadata metadata, Path target) throws IOException {
        if (!Files.isRegularFile(outputDir.resolve(OutputFiles.TEXT))) {
            throw new IOException("no " + OutputFiles.TEXT + " to archive in " + outputDir);
        }
        try (TarArchiveOutputStream tar = open(target)) {
            for (String name : OutputFiles.RESULTS) {
                Path file = outputDir.resolve(name);
                if (Files.isRegularFile(file)) {
                    add(tar, name, Files.readAllBytes(file));
                }
            }
            add(tar, METADATA, metadataBytes(metadata));
        }
        return target;
    }

    /** {@code error.txt} with {@code errorText}, and metadata (whose status should be error). */
    public Path writeError(String errorText, ResultMetadata metadata, Path target) throws IOException {
        try (TarArchiveOutputStream tar = open(target)) {
            add(tar, ERROR_TEXT, errorText.getBytes(StandardCharsets.UTF_8));
            add(tar, METADATA, metadataBytes(metadata));
        }
        return target;
    }


    private byte[] metadataBytes(ResultMetadata metadata) throws IOException {
        return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(metadata.toJson(mapper));
    }

    private static TarArchiveOutputStream open(Path target) throws IOException {
        OutputStream file = Files.newOutputStream(target);
        try {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file));
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            return tar;
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        entry.setMode(0644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
