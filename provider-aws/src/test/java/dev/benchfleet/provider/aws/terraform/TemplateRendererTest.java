package dev.benchfleet.provider.aws.terraform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateRendererTest {

    @Test
    void interpolatesNamesAndKeepsEscapesLiteral() {
        String out = TemplateRenderer.render("a=${a} n=${ n } b=${b} $${HOME} %%{x} $HOME 50% $",
                Map.of("a", "x", "n", 3.0, "b", true));

        assertThat(out).isEqualTo("a=x n=3 b=true ${HOME} %{x} $HOME 50% $");
    }

    @Test
    void interpolatedValuesAreNotScannedAgain() {
        assertThat(TemplateRenderer.render("${a}", Map.of("a", "${b} %{ if x }"))).isEqualTo("${b} %{ if x }");
    }

    @Test
    void placeholdersSkipEscapes() {
        assertThat(TemplateRenderer.placeholders("${a} $${b} ${c} ${a}")).containsExactly("a", "c");
    }

    @Test
    void aMissingVariableFailsLikeTerraform() {
        assertThatThrownBy(() -> TemplateRenderer.render("x ${nope}", Map.of("a", "1")))
                .hasMessageContaining("${nope}").hasMessageContaining("[a]");
    }

    @Test
    void directivesAndExpressionsAreRefused() {
        assertThatThrownBy(() -> TemplateRenderer.render("%{ if a }x%{ endif }", Map.of("a", true)))
                .hasMessageContaining("directive");
        assertThatThrownBy(() -> TemplateRenderer.render("${upper(a)}", Map.of("a", "x")))
                .hasMessageContaining("plain variable names");
    }
}
