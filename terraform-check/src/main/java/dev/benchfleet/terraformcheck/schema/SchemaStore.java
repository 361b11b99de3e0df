package dev.benchfleet.terraformcheck.schema;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.ExternalException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The schema cache folder: per provider package its tarball ({@code provider-aws-21.22.1.tgz}) and the
 * compact extract built from it ({@code provider-aws-21.22.1.schema.json}). A missing extract is built
 * from the tarball; a missing tarball is downloaded unless offline.
 */
public final class SchemaStore {

    /** Environment variable that overrides the cache folder. */
    public static final String CACHE_ENV = "BENCHFLEET_TERRAFORM_SCHEMAS";

    /** Bumped whenever the extract's format or content rules change, so old extracts are rebuilt. */
    static final int EXTRACT_FORMAT = 2;

    private final Path dir;
    private final Optional<NpmTarballFetcher> fetcher;
    private final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final JsiiSchemaExtractor extractor = new JsiiSchemaExtractor();

    /**
     * @param dir     the cache folder
     * @param fetcher how to download a missing tarball; empty when offline
     */
    public SchemaStore(Path dir, Optional<NpmTarballFetcher> fetcher) {
        this.dir = dir;
        this.fetcher = fetcher;
    }

    /** {@code $BENCHFLEET_TERRAFORM_SCHEMAS}, else {@code ~/.cache/benchfleet/terraform-schemas}. */
    public static Path defaultDir() {
        String env = System.getenv(CACHE_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "benchfleet", "terraform-schemas");
    }

    public Path dir() {
        return dir;
    }

    /** Whether the schema of {@code pkg} can be had without the network. */
    public boolean availableOffline(ProviderPackage pkg) {
        return Files.isRegularFile(dir.resolve(pkg.extractName())) || Files.isRegularFile(dir.resolve(pkg.tarballName()));
    }

    /** The schema of {@code pkg}: the extract, else built from the tarball, else downloaded first. */
    public ProviderSchema load(ProviderPackage pkg) {
        Path extract = dir.resolve(pkg.extractName());
        if (Files.isRegularFile(extract)) {
            try {
                Extract read = mapper.readValue(extract.toFile(), Extract.class);
                if (read.format() == EXTRACT_FORMAT && read.schema() != null) {
                    return read.schema();
                }
            } catch (IOException e) {
                // unreadable or from another format: rebuilt below from the tarball
            }
        }
        Path tarball = dir.resolve(pkg.tarballName());
        if (!Files.isRegularFile(tarball)) {
            NpmTarballFetcher download = fetcher.orElseThrow(() -> new ExternalException(
                    "no schema of " + pkg.source() + " " + pkg.version() + " in " + dir + " and --offline forbids downloading it",
                    "run once without --offline (or `java -jar terraform-check/target/terraform-check.jar --fetch`), or put "
                            + pkg.tarballName() + " from " + NpmTarballFetcher.NPM_REGISTRY.resolve(pkg.tarballPath()) + " into " + dir));
            download.fetch(pkg, tarball);
        }
        ProviderSchema schema = extractFrom(pkg, tarball);
        write(extract, new Extract(EXTRACT_FORMAT, schema));
        return schema;
    }

    private ProviderSchema extractFrom(ProviderPackage pkg, Path tarball) {
        ProviderSchema schema;
        try (InputStream in = Files.newInputStream(tarball)) {
            schema = extractor.extract(in, tarball.toString());
        } catch (IOException e) {
            throw new ExternalException("cannot read " + tarball + ": " + e.getMessage(), "delete it and fetch it again", e);
        }
        if (!schema.source().equalsIgnoreCase(pkg.source()) || !schema.version().equals(pkg.version())) {
            throw new ExternalException(tarball + " holds the schema of " + schema.source() + " " + schema.version()
                    + ", not " + pkg.source() + " " + pkg.version(), "delete it and fetch it again");
        }
        return schema;
    }

    private void write(Path target, Extract extract) {
        try {
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
            try {
                mapper.writeValue(temp.toFile(), extract);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new ExternalException("cannot write the schema extract " + target + ": " + e.getMessage(),
                    "make " + target.getParent() + " writable, or point --cache-dir / " + CACHE_ENV + " elsewhere", e);
        }
    }

    /** The extract file: its format version and the schema. */
    record Extract(int format, ProviderSchema schema) {
    }
}
