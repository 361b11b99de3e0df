package dev.benchfleet.orchestrator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.ValidateResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A new H2 database made without Flyway is the database Flyway makes, and Flyway takes it over. */
class EmptyH2MigrationTest {

    private static final String LOCATION = "classpath:dev/benchfleet/orchestrator/store";

    @TempDir
    Path dir;

    @Test
    void everyMigrationNextToTheStoreIsListedInOrder() throws IOException, URISyntaxException {
        Path folder = Path.of(Store.class.getResource("V1__init.sql").toURI()).getParent();
        List<String> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*\\.sql"))
                    .sorted(Comparator.comparingInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))).toList();
        }
        assertThat(EmptyH2Migration.SCRIPTS).as("add a new migration to EmptyH2Migration.SCRIPTS too")
                .containsExactlyElementsOf(scripts);
    }

    @Test
    void makesTheSchemaAndTheHistoryFlywayMakesAndFlywayValidatesItAndHasNothingLeftToDo() throws Exception {
        try (HikariDataSource byFlyway = h2("flyway"); HikariDataSource direct = h2("direct")) {
            Flyway.configure().dataSource(byFlyway).locations(LOCATION).load().migrate();
            assertThat(EmptyH2Migration.applyIfEmpty(direct)).isTrue();

            assertThat(columns(direct)).isEqualTo(columns(byFlyway));
            assertThat(indexes(direct)).isEqualTo(indexes(byFlyway));
            assertThat(history(direct)).isEqualTo(history(byFlyway));

            Flyway flyway = Flyway.configure().dataSource(direct).locations(LOCATION).load();
            ValidateResult validation = flyway.validateWithResult();
            assertThat(validation.validationSuccessful).as(validation.getAllErrorMessages()).isTrue();
            assertThat(flyway.info().pending()).isEmpty();
            assertThat(flyway.migrate().migrationsExecuted).isZero();
        }
    }

    @Test
    void leavesADatabaseWithATableToFlyway() throws Exception {
        try (HikariDataSource data = h2("used")) {
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE something_else (id INT)");
                c.commit();
            }
            assertThat(EmptyH2Migration.applyIfEmpty(data)).isFalse();
            assertThat(columns(data)).extracting(row -> row.get(0)).containsOnly("something_else");
        }
    }

    @Test
    void aStoreOpenedAgainOnItsFileGoesThroughFlywayAndKeepsItsData() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("store"));
        try (Store store = Store.open(folder, null)) {
            assertThat(store.embedded()).isTrue();
        }
        try (HikariDataSource data = h2At(folder.resolve("orchestrator"))) {
            try (Connection c = data.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO settings (name, setting_value) VALUES ('kept', 'yes')");
                c.commit();
            }
        }
        try (Store store = Store.open(folder, null)) {
            assertThat(store.embedded()).isTrue();
        }
        try (HikariDataSource data = h2At(folder.resolve("orchestrator"))) {
            assertThat(Flyway.configure().dataSource(data).locations(LOCATION).load().validateWithResult()
                    .validationSuccessful).isTrue();
            try (Connection c = data.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT setting_value FROM settings WHERE name = 'kept'")) {
                assertThat(r.next()).isTrue();
                assertThat(r.getString(1)).isEqualTo("yes");
            }
        }
    }

    @Test
    void checksumsAreFlywaysLineByLineCrc() {
        // the same text with other line breaks, as Flyway reads it line by line
        assertThat(EmptyH2Migration.checksum("a\r\nb\r\n")).isEqualTo(EmptyH2Migration.checksum("a\nb"));
        assertThat(EmptyH2Migration.checksum("a\nb")).isNotEqualTo(EmptyH2Migration.checksum("a\nc"));
        assertThat(EmptyH2Migration.description("V3__benchmark_settings.sql")).isEqualTo("benchmark settings");
        assertThat(EmptyH2Migration.version("V12__x.sql")).isEqualTo("12");
    }

    private HikariDataSource h2(String name) {
        return h2At(dir.resolve(name).resolve("orchestrator"));
    }

    private static HikariDataSource h2At(Path file) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + file.toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE");
        config.setUsername("sa");
        config.setPassword("");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static List<List<String>> columns(HikariDataSource data) throws SQLException {
        return rows(data, "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,"
                + " column_default, is_identity FROM information_schema.columns WHERE table_schema = CURRENT_SCHEMA"
                + " ORDER BY table_name, ordinal_position");
    }

    private static List<List<String>> indexes(HikariDataSource data) throws SQLException {
        return rows(data, "SELECT i.table_name, i.index_name, i.index_type_name, c.column_name, c.ordinal_position"
                + " FROM information_schema.indexes i JOIN information_schema.index_columns c"
                + " ON i.index_schema = c.index_schema AND i.index_name = c.index_name"
                + " WHERE i.table_schema = CURRENT_SCHEMA AND i.index_type_name <> 'PRIMARY KEY'"
                + " AND i.index_name NOT LIKE 'constraint%'"
                + " ORDER BY i.table_name, i.index_name, c.ordinal_position");
    }

    private static List<List<String>> history(HikariDataSource data) throws SQLException {
        return rows(data, "SELECT \"installed_rank\", \"version\", \"description\", \"type\", \"script\", \"checksum\","
                + " \"installed_by\", \"success\" FROM \"" + EmptyH2Migration.HISTORY + "\" ORDER BY \"installed_rank\"");
    }

    private static List<List<String>> rows(HikariDataSource data, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Connection c = data.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(r.getString(i));
                }
                rows.add(row);
            }
            c.rollback();
        }
        return rows;
    }
}
