package dev.benchfleet.core.spi;

import dev.benchfleet.core.config.ProviderConfig;
import dev.benchfleet.core.config.RunConfigLoader;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider-owned settings: given under "providers", declared and typed by the provider, with JSON paths. */
class ProviderSettingsTest {

    private static final List<Setting> DECLARED = List.of(Setting.string("region", "where the machines run"),
            Setting.bool("spot", "spot instances"), Setting.integer("max_hours", "lifetime cap"));

    private final RunConfigLoader loader = new RunConfigLoader(List.of("echo", "local"));

    @Test
    void settingsReachTheProvidersSliceAndAreCheckedAgainstItsDeclarations() {
        ProviderConfig echo = loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1,
                 "providers": {"echo": {"region": "eu-west-1", "spot": null, "max_hours": "24", "regoin": "x"}},
                 "echo": [{"instance_type": "echo.small", "alias": "s"}]}
                """, "test").slice("echo");

        assertThat(echo.settings().string("region")).contains("eu-west-1");
        assertThat(echo.settings().bool("spot")).as("null means not set").isEmpty();
        assertThat(echo.settings().check(DECLARED)).extracting(Problem::toString).containsExactlyInAnyOrder(
                "providers.echo.max_hours: must be a whole number (lifetime cap), got \"24\"",
                "providers.echo.regoin: unknown setting of echo — known: max_hours, region, spot");
    }

    @Test
    void configsWithoutSettingsLoadAsBeforeAndUnknownProvidersAreNamed() {
        assertThat(loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "echo": ["echo.small"]}
                """, "test").slice("echo").settings().names()).isEmpty();
        assertThatThrownBy(() -> loader.parse("""
                {"ruby_version": "3.4.7", "runs_per_instance_type": 1, "providers": {"ecko": {}, "echo": 3},
                 "echo": ["echo.small"]}
                """, "test")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("providers.ecko: unknown provider 'ecko'")
                .hasMessageContaining("providers.echo: must be an object of echo's settings");
    }
}
