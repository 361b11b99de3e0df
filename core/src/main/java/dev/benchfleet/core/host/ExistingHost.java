package dev.benchfleet.core.host;

import dev.benchfleet.core.error.Problem;
import dev.benchfleet.protocol.CertificatePinning;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code existing}: an orchestrator that already runs, at the URL the user gave
 * ({@code --orchestrator-url}, or {@code BENCHMARK_ORCHESTRATOR_URL} with {@code --skip-infra}), with the
 * user's key. Nothing is started or stopped.
 */
public final class ExistingHost implements OrchestratorHost {

    @Override
    public String name() {
        return EXISTING;
    }

    @Override
    public List<Problem> validate(HostContext context) {
        List<Problem> problems = new ArrayList<>();
        URI url = context.requestedUrl().orElse(null);
        if (url == null) {
            problems.add(Problem.flag("--orchestrator-url", "names the orchestrator to use (or "
                    + "BENCHMARK_ORCHESTRATOR_URL with --skip-infra), e.g. http://orchestrator.example:8080"));
        } else if (!("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null) {
            problems.add(Problem.flag("--orchestrator-url", "must be an http(s) URL, got '" + url + "'"));
        }
        context.requestedCertSha256().filter(pin -> !CertificatePinning.isFingerprint(pin)).ifPresent(pin ->
                problems.add(Problem.flag("--orchestrator-cert-sha256", "must be 64 hex digits (colons allowed), got '"
                        + pin + "'")));
        return problems;
    }

    @Override
    public RunningOrchestrator provision(HostContext context) {
        URI url = context.requestedUrl().orElseThrow(() -> new IllegalStateException("validated without a URL"));
        OrchestratorEndpoint endpoint = new OrchestratorEndpoint(url, url, context.apiKey(),
                context.requestedCertSha256().map(CertificatePinning::normalize), "given (--orchestrator-url / "
                + "BENCHMARK_ORCHESTRATOR_URL)");
        return RunningOrchestrator.notOwned(endpoint);
    }
}
