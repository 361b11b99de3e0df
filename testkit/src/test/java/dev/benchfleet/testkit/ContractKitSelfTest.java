package dev.benchfleet.testkit;

import dev.benchfleet.testkit.fixtures.BrokenProviderKit;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/** The kit must catch a provider that breaks the guide: otherwise its green means nothing. */
class ContractKitSelfTest {

    @Test
    void theKitFailsAProviderThatBreaksTheGuide() {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(BrokenProviderKit.class)).build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Launcher launcher = LauncherFactory.create();

        launcher.execute(request, listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures())
                .extracting(failure -> failure.getTestIdentifier().getDisplayName())
                .containsExactlyInAnyOrder(
                        "isDiscoveredThroughServiceLoader()",
                        "declaresTheSpiVersionItIsBuiltAgainst()",
                        "reportsMissingCredentials()",
                        "cloudProviderRejectsLocalOrchestrator()",
                        "teardownTwiceWithoutSetupIsHarmless(Path)",
                        "validateHasNoSideEffects()",
                        "setupThenTeardownLeavesNothingItStarted(Path)",
                        "aFreshInstanceTearsDownFromTheRecordedStateAlone(Path)");
        assertThat(summary.getTestsSucceededCount()).isPositive();
        // The broken provider's leftovers: the kit's failures are real, not a fluke of timing.
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
    }
}
