package dev.benchfleet.provider.local.docker;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Finds the Docker engine named by this JVM's DOCKER_HOST (exported by {@code .ci/docker/start-engine.sh})
 * and hands it to tests as a {@link DockerEngine} parameter. Without one, every test of the class is
 * skipped (so reports count them as skipped) and the reason is printed once, so machines without Docker
 * still get a green build.
 */
final class DockerEngineExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DockerEngineExtension.class);
    private static final String NO_ENGINE = "no-engine-reason";

    @Override
    public void beforeAll(ExtensionContext context) {
        Map<String, String> env = System.getenv();
        String host = env.get("DOCKER_HOST");
        String reason;
        if (host == null || host.isBlank()) {
            reason = "DOCKER_HOST is not set (start one with: eval \"$(bash .ci/docker/start-engine.sh | tail -1)\")";
        } else {
            Optional<EngineInfo> info = new DockerCli(DockerCli.DEFAULT_BINARY, env).probe();
            if (info.isPresent()) {
                System.out.println("Docker engine for tests: " + host + " -> " + info.get());
                context.getStore(NS).put(DockerEngine.class, new DockerEngine(Map.copyOf(env), info.get()));
                return;
            }
            reason = "DOCKER_HOST=" + host + " but no engine answered `docker info` within "
                    + DockerTimeouts.DEFAULTS.probe().toSeconds() + " s (DockerCli logged why)";
        }
        System.out.println("Skipping " + context.getDisplayName() + ": no Docker engine: " + reason);
        context.getStore(NS).put(NO_ENGINE, reason);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String reason = context.getStore(NS).get(NO_ENGINE, String.class);
        Assumptions.assumeTrue(reason == null, () -> "no Docker engine: " + reason);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == DockerEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return extensionContext.getStore(NS).get(DockerEngine.class, DockerEngine.class);
    }
}
