package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Expr;
import dev.benchfleet.terraformcheck.module.TextReferences;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The variables a Terraform template ({@code templatefile()}) reads: root names in its {@code ${...}}
 * interpolations and {@code %{...}} directives, minus names its {@code for} directives declare, function
 * names and keywords. {@code $${} and {@code %%{} are escapes, not sequences.
 */
final class TemplateVariables {

    private TemplateVariables() {
    }

    /** Root variable names the template uses, in order of first use. */
    static Set<String> of(String template) {
        TextReferences.Found found = TextReferences.inTemplate(template, offset -> 0);
        Set<String> used = new LinkedHashSet<>();
        for (Expr reference : found.references()) {
            used.add(((Expr.Ref) reference).names().get(0));
        }
        used.removeAll(found.variables());
        return used;
    }
}
