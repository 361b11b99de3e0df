package dev.benchfleet.terraformcheck;

import static org.junit.jupiter.api.Assumptions.abort;

import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import dev.benchfleet.terraformcheck.schema.SchemaStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real provider schemas from the machine's schema cache, never downloaded by a test: when one is
 * missing the calling test is skipped, and the reason (with how to fetch them) is printed.
 */
public final class RealSchemas {

    private RealSchemas() {
    }

    /** The cache folder the tests read ({@code $BENCHFLEET_TERRAFORM_SCHEMAS}, else the user's cache). */
    public static Path cacheDir() {
        return SchemaStore.defaultDir();
    }

    /** All four pinned schemas, or the test is skipped with the reason printed. */
    public static Map<String, ProviderSchema> loadOrSkip() {
        SchemaStore store = new SchemaStore(cacheDir(), Optional.empty());
        List<ProviderPackage> missing = ProviderPackage.PINNED.stream().filter(p -> !store.availableOffline(p)).toList();
        if (!missing.isEmpty()) {
            String reason = "skipped: no provider schemas " + missing.stream().map(ProviderPackage::tarballName).toList()
                    + " in " + cacheDir() + " (tests never download; run `java -jar terraform-check/target/terraform-check.jar --fetch`"
                    + " or .ci/run's fetch step first)";
            System.out.println(reason);
            abort(reason);
        }
        Map<String, ProviderSchema> schemas = new LinkedHashMap<>();
        ProviderPackage.PINNED.forEach(p -> schemas.put(p.localName(), store.load(p)));
        return schemas;
    }

    /** {@code infrastructure/} of this repository. */
    public static Path infrastructure() {
        return Path.of(System.getProperty("benchfleet.infrastructureDir", "../infrastructure")).toAbsolutePath().normalize();
    }
}
