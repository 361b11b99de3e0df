package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.TerraformModule;
import dev.benchfleet.terraformcheck.schema.BlockSchema;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What every check of one module reads (the module, the loaded schemas) and where it reports. */
final class CheckContext {

    private final TerraformModule module;
    private final Map<String, ProviderSchema> schemas;
    private final List<Finding> findings = new ArrayList<>();

    /**
     * @param module  the parsed module
     * @param schemas provider schemas by local name ({@code aws}), as loaded for this run
     */
    CheckContext(TerraformModule module, Map<String, ProviderSchema> schemas) {
        this.module = module;
        this.schemas = schemas;
    }

    TerraformModule module() {
        return module;
    }

    Map<String, ProviderSchema> schemas() {
        return schemas;
    }

    void report(Path file, int line, String address, String message) {
        findings.add(new Finding(file, line, address, message));
    }

    void report(Block block, String message) {
        findings.add(new Finding(block.file(), block.line(), block.address(), message));
    }

    List<Finding> findings() {
        return List.copyOf(findings);
    }

    /** The provider local name of a resource or data source type: its prefix up to the first {@code _}. */
    static String providerOf(String type) {
        int underscore = type.indexOf('_');
        return underscore < 0 ? type : type.substring(0, underscore);
    }

    /** The schema of a resource ({@code data == false}) or data source type, when its provider is loaded. */
    Optional<BlockSchema> typeSchema(String type, boolean data) {
        ProviderSchema provider = schemas.get(providerOf(type));
        if (provider == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((data ? provider.dataSources() : provider.resources()).get(type));
    }
}
