package dev.benchfleet.examples.provider;

import dev.benchfleet.core.spi.TaskRunnerProvider;
import dev.benchfleet.testkit.TaskRunnerProviderContract;

/** The example third-party provider proves itself against the guide with the core kit. */
class ByoProviderContractTest extends TaskRunnerProviderContract {

    @Override
    protected TaskRunnerProvider provider() {
        return new ByoProvider();
    }

    @Override
    protected String sampleConfig() {
        return """
                {"ruby_version": "3.4.7", "runs_per_instance_type": 3,
                 "byo": [{"instance_type": "my-desktop", "alias": "desk", "vcpus": 8}]}
                """;
    }
}
