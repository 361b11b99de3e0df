package dev.benchfleet.provider.aws;

import dev.benchfleet.core.spi.Environment;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.provider.aws.catalog.AwsInstanceCatalog;
import dev.benchfleet.provider.aws.sweep.SweepTiming;
import dev.benchfleet.testkit.TaskRunnerProviderContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The provider guide's rules, with the fake terraform as Terraform and the in-memory EC2 as AWS: setup then
 * teardown leaves nothing, and a fresh instance tears down from the journal's JSON alone.
 */
class AwsProviderContractTest extends TaskRunnerProviderContract {

    @TempDir
    static Path dir;
    private static AwsFixture fixture;
    private static final FakeAws AWS = new FakeAws();

    @BeforeAll
    static void install() {
        fixture = new AwsFixture(dir);
    }

    @Override
    protected TaskRunnerProvider provider() {
        return new AwsProvider(AwsInstanceCatalog.bundled(), AWS,
                new SweepTiming(Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, Duration.ZERO, 3), Clock.systemUTC());
    }

    @Override
    protected String sampleConfig() {
        return "{\"ruby_version\": \"3.4.7\", \"runs_per_instance_type\": 2,"
                + " \"aws\": [{\"instance_type\": \"c7g.medium\", \"alias\": \"c7g\"}]}";
    }

    @Override
    protected Environment validEnvironment() {
        return fixture.environment();
    }
}
