package dev.benchfleet.provider.local.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerSpecTest {

    @Test
    void mapsAreSortedAndUnmodifiable() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("z", "1");
        labels.put("a", "2");
        ContainerSpec spec = new ContainerSpec("img", null, labels, null, null, Map.of(), Map.of(), List.of());
        labels.put("m", "3");

        assertThat(spec.labels().keySet()).containsExactly("a", "z");
        assertThatThrownBy(() -> spec.labels().put("b", "x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringHidesEnvValues() {
        ContainerSpec spec = ContainerSpec.builder("img").env("API_KEY", "hunter2-secret").build();
        assertThat(spec.toString()).contains("API_KEY").doesNotContain("hunter2-secret");
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ContainerSpec.builder(" ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpec.builder("img").env("A=B", "x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ContainerSpec.builder("img").name("").build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void finishedStatesHaveAnExitStatus() {
        assertThat(ContainerState.fromEngine("exited")).isEqualTo(ContainerState.EXITED);
        assertThat(ContainerState.fromEngine("something-new")).isEqualTo(ContainerState.UNKNOWN);
        assertThat(new ContainerSummary("i", "n", ContainerState.DEAD, 137).exitStatus()).hasValue(137);
        assertThat(new ContainerSummary("i", "n", ContainerState.CREATED, 0).exitStatus()).isEmpty();
    }
}
