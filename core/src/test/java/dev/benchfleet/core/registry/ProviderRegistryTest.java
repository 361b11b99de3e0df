package dev.benchfleet.core.registry;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.fixtures.EchoProvider;
import dev.benchfleet.core.fixtures.EchoTwin;
import dev.benchfleet.core.spi.ProviderContext;
import dev.benchfleet.core.spi.ProviderPhase;
import dev.benchfleet.core.spi.SetupResult;
import dev.benchfleet.core.spi.TaskRunnerProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {

    private static final String SERVICES = "META-INF/services/" + TaskRunnerProvider.class.getName();

    @Test
    void discoversProvidersThroughTheServicesFileThatAutoServiceGenerated() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader());

        assertThat(registry.find("echo")).hasValueSatisfying(p -> assertThat(p).isInstanceOf(EchoProvider.class));
        List<URL> servicesFiles = Collections.list(getClass().getClassLoader().getResources(SERVICES));
        assertThat(servicesFiles).as("the services file comes from compiled test classes")
                .anySatisfy(url -> assertThat(url.toString()).contains("test-classes"));
        assertThat(Paths.get("src/test/resources", SERVICES)).as("no hand-written services file").doesNotExist();
    }

    @Test
    void twoProvidersWithOneNameFailNamingBothClassesAndJars(@TempDir Path extraJar) throws IOException {
        Path services = extraJar.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        Files.writeString(services, EchoTwin.class.getName() + "\n");

        try (URLClassLoader loader = new URLClassLoader(new URL[]{extraJar.toUri().toURL()}, getClass().getClassLoader())) {
            assertThatThrownBy(() -> ProviderRegistry.discover(loader))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("two providers have this name")
                    .hasMessageContaining(EchoProvider.class.getName() + " (file:")
                    .hasMessageContaining(EchoTwin.class.getName() + " (file:")
                    .hasMessageContaining("remove one of the jars");
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        ProviderRegistry registry = ProviderRegistry.of(List.of(named("zeta"), named("alpha"), named("mid")));

        assertThatThrownBy(() -> registry.get("beta"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("provider 'beta': unknown provider — known providers: alpha, mid, zeta");
    }

    @Test
    void providersComeBackInAStableOrder() {
        ProviderRegistry registry = ProviderRegistry.of(List.of(named("zeta"), named("alpha"), named("mid")));

        assertThat(registry.names()).containsExactly("alpha", "mid", "zeta");
        assertThat(registry.providers()).extracting(TaskRunnerProvider::name).containsExactly("alpha", "mid", "zeta");
    }

    @Test
    void namesThatCannotBeConfigKeysAreRejected() {
        assertThatThrownBy(() -> ProviderRegistry.of(List.of(named("Bad Name"), named("mock"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unusable name 'Bad Name'")
                .hasMessageContaining("unusable name 'mock'");
    }

    private static TaskRunnerProvider named(String name) {
        return new TaskRunnerProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public ProviderPhase phase() {
                return ProviderPhase.POST_RUN;
            }

            @Override
            public SetupResult setup(ProviderContext context) {
                return SetupResult.of(List.of());
            }
        };
    }
}
