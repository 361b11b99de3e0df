package dev.benchfleet.provider.azure;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.provider.azure.catalog.AzureVmCatalog;
import dev.benchfleet.provider.azure.sweep.SweepTiming;
import dev.benchfleet.testkit.TaskRunnerProviderContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The provider guide's rules, with the fake terraform as Terraform and the in-memory subscription as Azure: setup
 * then teardown leaves nothing, and a fresh instance tears down from the journal's JSON alone.
 */
class AzureProviderContractTest extends TaskRunnerProviderContract {

    @TempDir
    static Path dir;
    private static AzureFixture fixture;
    private static final FakeArm ARM = new FakeArm();

    @BeforeAll
    static void install() {
        fixture = new AzureFixture(dir);
    }

    @Override
    protected TaskRunnerProvider provider() {
        return new AzureProvider(AzureVmCatalog.bundled(), ARM, new SweepTiming(Duration.ofSeconds(5), Duration.ZERO),
                Clock.systemUTC());
    }

    @Override
    protected String sampleConfig() {
        return "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 2,"
                + " \"azure\": [{\"instance_type\": \"Standard_D2ps_v5\", \"alias\": \"d2ps\"}]}";
    }

    @Override
    protected Environment validEnvironment() {
        return fixture.environment();
    }
}
