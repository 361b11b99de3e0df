package dev.benchfleet.terraformcheck.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TemplateVariablesTest {

    @Test
    void rootNamesOfInterpolationsAndDirectives() {
        assertThat(TemplateVariables.of("a ${name} b ${upper(region)} ${ tags.owner } %{ if debug ~}x%{ endif ~}"))
                .containsExactly("name", "region", "tags", "debug");
    }

    @Test
    void escapesAreNotSequences() {
        assertThat(TemplateVariables.of("echo $${HOME} %%{ not } ${real}")).containsExactly("real");
    }

    @Test
    void forDirectiveVariablesAreNotTemplateVariables() {
        assertThat(TemplateVariables.of("%{ for i, host in hosts ~}${i}: ${host.name} of ${cluster}\n%{ endfor ~}"))
                .containsExactly("hosts", "cluster");
    }

    @Test
    void stringsFunctionsAndKeywordsInsideAreNotVariables() {
        assertThat(TemplateVariables.of("${join(\",\", [for s in subnets : \"id-${s}\"])} ${enabled ? \"yes\" : null} ${1.5e3}"))
                .containsExactly("subnets", "enabled");
    }
}
