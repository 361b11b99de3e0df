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
}
