package dev.benchfleet.core.results;

import dev.benchfleet.core.error.ExternalException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Unpacks a run's results archive ({@code .tar.gz}) into {@code results/<run_id>/}. */
public final class ResultsArchive {

    private ResultsArchive() {
    }

    /**
     * Unpacks {@code archive} into {@code target}. Entries that would land outside {@code target}
     * (absolute paths, {@code ..}) and links are refused rather than followed.
     *
     * @return how many files were written
     */
    public static int unpack(Path archive, Path target) {
        Path root = target.toAbsolutePath().normalize();
        int files = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            Files.createDirectories(root);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path destination = root.resolve(entry.getName()).normalize();
                if (!destination.startsWith(root) || entry.getName().startsWith("/")) {
                    throw new ExternalException("the results archive holds an entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else if (entry.isFile()) {
                    Files.createDirectories(destination.getParent());
                    Files.copy(tar, destination, StandardCopyOption.REPLACE_EXISTING);
                    files++;
                }
                // links and devices are skipped: results are plain files
            }
        } catch (IOException e) {
            throw new ExternalException("the results archive " + archive + " cannot be unpacked: " + e.getMessage(),
                    "the archive is kept at " + archive + "; try `tar xzf` on it", e);
        }
        return files;
    }
}
