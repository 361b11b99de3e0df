package dev.benchfleet.orchestrator.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/**
 * The migrations applied to a new, empty embedded H2 database without Flyway, recorded in Flyway's
 * schema history exactly as Flyway records them, so that Flyway takes the database from there (a later
 * version's migrations, validation). Why: every local run starts its orchestrator on a new H2 file, and
 * loading Flyway and scanning the runner's class path for scripts cost 0.4–1 s of the run's start-up.
 * Any database with a table in it — one Flyway made, one this made, the pre-Flyway runner's — goes
 * through Flyway as before; PostgreSQL always does.
 *
 * <p>{@link #SCRIPTS} names the scripts in order; a test fails when a script next to {@link Store} is
 * missing from it.
 */
final class EmptyH2Migration {

    /** The versioned migrations next to {@link Store}, in order (add new ones here too). */
    static final List<String> SCRIPTS = List.of("V1__init.sql", "V2__replicas.sql", "V3__benchmark_settings.sql",
            "V4__claims_by_runner.sql", "V5__claims_within_run.sql");

    static final String HISTORY = "flyway_schema_history";

    /** Flyway 10+'s history table on H2, with database_to_lower names (what Flyway creates there). */
    private static final String CREATE_HISTORY = """
            CREATE TABLE "flyway_schema_history" (
                "installed_rank" INT NOT NULL,
                "version" VARCHAR(50),
                "description" VARCHAR(200) NOT NULL,
                "type" VARCHAR(20) NOT NULL,
                "script" VARCHAR(1000) NOT NULL,
                "checksum" INT,
                "installed_by" VARCHAR(100) NOT NULL,
                "installed_on" TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
                "execution_time" INT NOT NULL,
                "success" BOOLEAN NOT NULL,
                CONSTRAINT "flyway_schema_history_pk" PRIMARY KEY ("installed_rank")
            );
            CREATE INDEX "flyway_schema_history_s_idx" ON "flyway_schema_history" ("success");
            """;
    private static final String INSERT_HISTORY = "INSERT INTO \"flyway_schema_history\" (\"installed_rank\", \"version\","
            + " \"description\", \"type\", \"script\", \"checksum\", \"installed_by\", \"execution_time\", \"success\")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE)";

    private EmptyH2Migration() {
    }

    /**
     * Applies {@link #SCRIPTS} when the database has no table at all.
     *
     * @return false, having changed nothing, when the database has a table: Flyway's turn
     */
    static boolean applyIfEmpty(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (hasTables(c)) {
                c.rollback();
                return false;
            }
            String user = currentUser(c);
            try (Statement statement = c.createStatement()) {
                statement.execute(CREATE_HISTORY);
            }
            insert(c, -1, null, "<< Flyway Schema History table created >>", "TABLE", "", null, user, 0);
            c.commit();
            int rank = 1;
            for (String script : SCRIPTS) {
                String sql = read(script);
                long start = System.nanoTime();
                try (Statement statement = c.createStatement()) {
                    statement.execute(sql);
                }
                int millis = (int) ((System.nanoTime() - start) / 1_000_000);
                insert(c, rank++, version(script), description(script), "SQL", script, checksum(sql), user, millis);
                c.commit();
            }
            return true;
        }
    }

    private static boolean hasTables(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet tables = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                     + " WHERE table_schema = CURRENT_SCHEMA")) {
            tables.next();
            return tables.getLong(1) > 0;
        }
    }

    private static String currentUser(Connection c) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet user = statement.executeQuery("SELECT CURRENT_USER")) {
            user.next();
            return user.getString(1);
        }
    }

    private static void insert(Connection c, int rank, String version, String description, String type, String script,
                               Integer checksum, String user, int millis) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(INSERT_HISTORY)) {
            insert.setInt(1, rank);
            insert.setString(2, version);
            insert.setString(3, description);
            insert.setString(4, type);
            insert.setString(5, script);
            if (checksum == null) {
                insert.setNull(6, java.sql.Types.INTEGER);
            } else {
                insert.setInt(6, checksum);
            }
            insert.setString(7, user);
            insert.setInt(8, millis);
            insert.executeUpdate();
        }
    }

    /** {@code V12__a_b.sql} → {@code 12}. */
    static String version(String script) {
        return script.substring(1, script.indexOf("__")).replace('_', '.');
    }

    /** {@code V3__benchmark_settings.sql} → {@code benchmark settings}, as Flyway names it. */
    static String description(String script) {
        return script.substring(script.indexOf("__") + 2, script.length() - ".sql".length()).replace('_', ' ');
    }

    /** Flyway's checksum of a script: CRC-32 of its lines, each without its line break, as UTF-8. */
    static int checksum(String sql) {
        CRC32 crc = new CRC32();
        sql.lines().map(line -> line.startsWith("\uFEFF") ? line.substring(1) : line)
                .forEach(line -> crc.update(line.getBytes(StandardCharsets.UTF_8)));
        return (int) crc.getValue();
    }

    private static String read(String script) {
        try (InputStream in = EmptyH2Migration.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("migration " + script + " is not next to " + Store.class.getName());
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder text = new StringBuilder();
                reader.lines().forEach(line -> text.append(line).append('\n'));
                return text.toString();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + script, e);
        }
    }
}
