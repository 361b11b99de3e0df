package dev.benchfleet.core.journal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.spi.ProviderState;
import dev.benchfleet.core.spi.RunFlags;
import dev.benchfleet.core.spi.Secret;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunJournalTest {

    private static final String RUN = "100000000000000042";

    @TempDir
    Path base;

    private RunJournal create() throws IOException {
        Path config = Files.writeString(base.resolve("run.json"), "{}");
        return RunJournal.create(new RunsFolder(base, Clock.systemUTC()).runDir(RUN), Clock.systemUTC(), RUN, base, config,
                "b".repeat(64), RunFlags.defaults().withMock(true).withLocalOrchestrator(true), true);
    }

    @Test
    void isPrivateAndHoldsWhatANewProcessNeeds() throws IOException {
        RunJournal journal = create();
        journal.orchestrator(new JournalEndpoint("embedded", URI.create("http://127.0.0.1:4242/"),
                URI.create("http://127.0.0.1:4242/"), "started in this process", Optional.of("c".repeat(64)),
                Secret.of("the-key")));
        journal.provider("local", "post_run", 60);
        journal.state("local").save(JsonNodeFactory.instance.objectNode().put("pid", 7));
        journal.hostState().save(JsonNodeFactory.instance.objectNode().put("port", 4242));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.dir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(journal.file()))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(journal.dir())) {
            assertThat(files).as("no temp file is left behind").containsExactly(journal.file());
        }

        RunJournal read = new RunsFolder(base, Clock.systemUTC()).open(RUN);
        assertThat(read.runId()).isEqualTo(RUN);
        assertThat(read.configSha256()).isEqualTo("b".repeat(64));
        assertThat(read.configFile()).isEqualTo(base.resolve("run.json"));
        assertThat(read.flags()).isEqualTo(RunFlags.defaults().withMock(true).withLocalOrchestrator(true));
        assertThat(read.keepInfrastructure()).isTrue();
        JournalEndpoint endpoint = read.orchestrator().orElseThrow();
        assertThat(endpoint.apiKey().reveal()).isEqualTo("the-key");
        assertThat(endpoint.certSha256()).contains("c".repeat(64));
        assertThat(read.state("local").load()).hasValueSatisfying(state -> assertThat(state.path("pid").asInt()).isEqualTo(7));
        assertThat(read.hostState().load()).hasValueSatisfying(s -> assertThat(s.path("port").asInt()).isEqualTo(4242));
        assertThat(read.providersStillUp()).containsExactly("local");
        assertThat(new RunsFolder(base, Clock.systemUTC()).open("latest").runId()).isEqualTo(RUN);
    }

    @Test
    void theTombstoneSaysTheRunIsGone() throws IOException {
        RunJournal journal = create();
        journal.provider("local", "post_run", 60);
        journal.state("local").save(JsonNodeFactory.instance.objectNode());
        journal.providerStatus("local", RunJournal.TORN_DOWN);
        journal.tornDown(List.of("local: process 7"));

        RunJournal read = RunJournal.open(journal.dir(), Clock.systemUTC());
        assertThat(read.isTornDown()).isTrue();
        assertThat(read.teardown().orElseThrow().removed()).containsExactly("local: process 7");
        assertThat(read.providersStillUp()).isEmpty();
    }

    @Test
    void aDamagedOrHandEditedJournalIsRefusedWithWhatIsWrong() throws IOException {
        RunJournal journal = create();
        String good = Files.readString(journal.file());

        Files.writeString(journal.file(), good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> RunJournal.open(journal.dir(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not valid JSON");

        Files.writeString(journal.file(), good.replace("\"sha256\" : \"" + "b".repeat(64), "\"sha256\" : \"nope")
                .replace("\"phase\" : \"starting\"", "\"phase\" : 3"));
        assertThatThrownBy(() -> RunJournal.open(journal.dir(), Clock.systemUTC())).isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(p -> p.path())
                        .contains("config.sha256", "phase"))
                .hasMessageContaining("edited by hand");

        Files.writeString(journal.file(), good.replace("\"format\" : 1", "\"format\" : 2"));
        assertThatThrownBy(() -> RunJournal.open(journal.dir(), Clock.systemUTC())).hasMessageContaining("format: must be 1");
    }

    @Test
    void unknownRunsAndIdsAreNamed() {
        RunsFolder runs = new RunsFolder(base, Clock.systemUTC());
        assertThatThrownBy(() -> runs.open("100000000000000001")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such run");
        assertThatThrownBy(() -> runs.open("../etc")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not a run id");
        assertThatThrownBy(() -> runs.open("latest")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("there is no run");
    }

    @Test
    void inMemoryStateCopiesWhatItIsGiven() {
        ProviderState state = ProviderState.inMemory();
        var node = JsonNodeFactory.instance.objectNode().put("a", 1);
        state.save(node);
        node.put("a", 2);
        assertThat(state.load().orElseThrow().path("a").asInt()).isEqualTo(1);
    }
}
