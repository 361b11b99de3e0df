package dev.benchfleet.orchestrator.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a database schema up to date with numbered SQL scripts ({@code V<n>__<name>.sql} next to
 * this class), recording each applied version in {@code schema_version}. Scripts are applied in
 * order, each in its own transaction, and never twice; a database newer than this code is refused.
 */
final class Migrations {

    /** Every script, oldest first. Add new ones at the end; never edit an applied one. */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__benchmark_settings.sql");

    private Migrations() {
    }

    /** Applies the missing scripts; returns the schema version afterwards. */
    static int migrate(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, applied_at BIGINT NOT NULL)");
        }
        c.commit();
        int current = currentVersion(c);
        if (current > SCRIPTS.size()) {
            throw new SQLException("Database schema version " + current + " is newer than this orchestrator ("
                    + SCRIPTS.size() + "); use a newer orchestrator");
        }
        for (int version = current + 1; version <= SCRIPTS.size(); version++) {
            String script = SCRIPTS.get(version - 1);
            try (Statement s = c.createStatement()) {
                for (String sql : statements(read(script))) {
                    s.execute(sql);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)")) {
                    ps.setInt(1, version);
                    ps.setLong(2, System.currentTimeMillis());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("Schema migration " + script + " failed: " + e.getMessage(), e);
            }
        }
        return SCRIPTS.size();
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String read(String script) throws SQLException {
        try (InputStream in = Migrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new SQLException("Migration script " + script + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SQLException("Cannot read migration script " + script, e);
        }
    }

    /** Splits a script on {@code ;} at line ends, dropping {@code --} comment lines. */
    static List<String> statements(String script) {
        StringBuilder cleaned = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                cleaned.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(cleaned.toString().split(";\\s*\n"))
                .map(String::strip)
                .map(s -> s.endsWith(";") ? s.substring(0, s.length() - 1) : s)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
