package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.TerraformModule;
import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Runs every check on one parsed module against the loaded provider schemas. */
public final class ModuleChecker {

    private final Map<String, ProviderSchema> schemas;
    private final List<ProviderPackage> packages;

    /**
     * @param schemas  loaded schemas by provider local name ({@code aws})
     * @param packages the pinned provider packages (what {@code required_providers} may name)
     */
    public ModuleChecker(Map<String, ProviderSchema> schemas, List<ProviderPackage> packages) {
        this.schemas = Map.copyOf(schemas);
        this.packages = List.copyOf(packages);
    }

    /** The findings in {@code module}, ordered by file and line. */
    public List<Finding> check(TerraformModule module) {
        List<Finding> findings = new ArrayList<>();
        module.parseErrors().forEach(e -> findings.add(new Finding(e.file(), e.line(), "", e.message())));
        CheckContext context = new CheckContext(module, schemas);
        new SchemaChecks(context).run();
        new ReferenceChecks(context).run();
        new ProviderPinChecks(context, packages).run();
        new TemplateFileChecks(context).run();
        findings.addAll(context.findings());
        findings.sort(Comparator.comparing((Finding f) -> f.file().toString()).thenComparingInt(Finding::line));
        return findings;
    }
}
