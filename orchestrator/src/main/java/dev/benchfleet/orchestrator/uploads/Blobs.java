package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where uploaded task archives and built results archives are kept: files in the data folder for
 * a single orchestrator, the database for replicas (every replica must read what another stored).
 */
public interface Blobs {

    /** One stored object. */
    interface Blob {
        long size();

        InputStream open() throws IOException;
    }

    /**
     * Stores a gzip upload under {@code key}, replacing an earlier one only once this one is complete.
     *
     * @return the number of bytes stored
     * @throws UploadRejectedException when the body is too large or not gzip
     */
    long write(String key, InputStream body, long maxBytes) throws IOException;

    /** Stores a file this process made (a results archive) under {@code key}. */
    void put(String key, Path file) throws IOException;

    /** The object under {@code key}, if the key is valid and something is stored there. */
    Optional<Blob> open(String key) throws IOException;

    /**
     * Copies {@code body} to {@code temp}, refusing more than {@code maxBytes} or non-gzip data (the
     * gzip magic is checked on the bytes as they pass, so the file is never read back).
     */
    static long spoolGzip(InputStream body, Path temp, long maxBytes) throws IOException {
        byte[] buffer = new byte[8 * 1024];
        long total = 0;
        int first = -1;
        int second = -1;
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(temp)) {
            int n;
            while ((n = body.read(buffer)) != -1) {
                if (total == 0 && n > 0) {
                    first = buffer[0] & 0xff;
                    second = n > 1 ? buffer[1] & 0xff : -1;
                } else if (total == 1 && n > 0) {
                    second = buffer[0] & 0xff;
                }
                total += n;
                if (total > maxBytes) {
                    throw new UploadRejectedException("Upload is larger than " + maxBytes + " bytes", true);
                }
                out.write(buffer, 0, n);
            }
        }
        if (first != 0x1f || second != 0x8b) {
            throw new UploadRejectedException("Upload body is not gzip data", false);
        }
        return total;
    }
}
