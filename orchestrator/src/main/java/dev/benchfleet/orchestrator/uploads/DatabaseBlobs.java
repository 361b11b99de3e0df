package dev.benchfleet.orchestrator.uploads;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Objects in the {@code objects} table, so every replica on the database reads what any of them
 * stored. Task results are small (kilobytes); uploads are spooled to a temporary file first (size
 * limit, gzip check), then written in one statement that replaces an earlier upload atomically.
 */
public final class DatabaseBlobs implements Blobs {

    private final DataSource dataSource;
    private final String prefix;
    private final Path spool;

    /**
     * @param prefix namespace of this store's keys in the table ({@code uploads/}, {@code results/})
     * @param spool folder for temporary files
     */
    public DatabaseBlobs(DataSource dataSource, String prefix, Path spool) {
        this.dataSource = dataSource;
        this.prefix = prefix;
        this.spool = spool;
    }

    @Override
    public long write(String key, InputStream body, long maxBytes) throws IOException {
        requireValid(key);
        Files.createDirectories(spool);
        GzipSpool.Spooled spooled = GzipSpool.spool(body, spool, ".upload-", maxBytes);
        Path temp = spooled.file();
        try {
            long size = spooled.size();
            store(key, temp, size);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public void put(String key, Path file) throws IOException {
        requireValid(key);
        store(key, file, Files.size(file));
    }

    private void store(String key, Path file, long size) throws IOException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement delete = c.prepareStatement("DELETE FROM objects WHERE object_key = ?");
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO objects (object_key, data, size, stored_at) VALUES (?, ?, ?, ?)");
                 InputStream in = Files.newInputStream(file)) {
                delete.setString(1, prefix + key);
                delete.executeUpdate();
                insert.setString(1, prefix + key);
                insert.setBinaryStream(2, in, size);
                insert.setLong(3, size);
                insert.setLong(4, System.currentTimeMillis());
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException("Cannot store object in the database: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<Blob> open(String key) throws IOException {
        if (!ObjectStore.isValidKey(key)) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT data FROM objects WHERE object_key = ?")) {
            ps.setString(1, prefix + key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    c.rollback();
                    return Optional.empty();
                }
                byte[] data = rs.getBytes(1);
                c.rollback();
                return Optional.of(new Blob() {
                    @Override
                    public long size() {
                        return data.length;
                    }

                    @Override
                    public InputStream open() {
                        return new ByteArrayInputStream(data);
                    }
                });
            }
        } catch (SQLException e) {
            throw new IOException("Cannot read object from the database: " + e.getMessage(), e);
        }
    }

    private static void requireValid(String key) {
        if (!ObjectStore.isValidKey(key)) {
            throw new IllegalArgumentException("Invalid object key");
        }
    }
}
