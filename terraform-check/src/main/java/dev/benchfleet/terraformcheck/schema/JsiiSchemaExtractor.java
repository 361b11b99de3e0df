package dev.benchfleet.terraformcheck.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.benchfleet.core.error.ExternalException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Builds a {@link ProviderSchema} from a CDK-for-Terraform provider package tarball, streaming it: the jsii
 * assembly ({@code package/.jsii}, 130 MB for aws) is read one type at a time and never held whole.
 *
 * <p>How the jsii assembly encodes a Terraform schema (cdktf's generator):
 * <ul>
 *   <li>a resource / data source / provider is a class whose {@code base} is {@code cdktf.TerraformResource} /
 *       {@code cdktf.TerraformDataSource} / {@code cdktf.TerraformProvider}; its docs summary links the
 *       registry page with the Terraform type name as the link text ({@code {@link https://… aws_instance}});
 *       its initializer's {@code config} parameter is the Config struct;</li>
 *   <li>the Config struct (an interface with {@code datatype: true}) lists what can be set; each property's
 *       docs link ends in {@code Instance#instance_type}, the exact snake_case name; {@code optional: true}
 *       marks optional ones;</li>
 *   <li>a nested block is a property typed as a struct or a list of structs whose summary reads
 *       {@code "<name> block."}; struct-typed properties without it are nested attributes (set with
 *       {@code =}, as Terraform's plugin framework defines them);</li>
 *   <li>computed-only attributes do not appear on the Config struct, only as getters on the class.</li>
 * </ul>
 */
public final class JsiiSchemaExtractor {

    private static final String RESOURCE_BASE = "cdktf.TerraformResource";
    private static final String DATA_SOURCE_BASE = "cdktf.TerraformDataSource";
    private static final String PROVIDER_BASE = "cdktf.TerraformProvider";
    private static final Pattern PROPERTY_LINK = Pattern.compile("\\{@link \\S+ [A-Za-z0-9]+#([A-Za-z0-9_]+)\\}");
    private static final Pattern TYPE_LINK = Pattern.compile("\\{@link (\\S+) ([a-z0-9_]+)\\}");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z0-9])([A-Z])");

    private final ObjectMapper mapper = new ObjectMapper();

    private record Property(String camelName, String tfName, boolean optional, Optional<String> structFqn, boolean blockDoc) {
    }

    private record Clazz(String base, String typeName, Optional<String> configFqn, List<String> getters) {
    }

    /** What was read so far from one tarball. */
    private static final class Assembly {
        final Map<String, List<Property>> structs = new HashMap<>();
        final List<Clazz> classes = new ArrayList<>();
        String providerName;
        String providerVersion;
        String packageName;
        String packageVersion;
    }

    /**
     * Reads the tarball of one provider package.
     *
     * @param tgz    the {@code .tgz} as the registry serves it
     * @param origin where it came from, for error messages
     */
    public ProviderSchema extract(InputStream tgz, String origin) {
        Assembly assembly = new Assembly();
        boolean sawJsii = false;
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(tgz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().equals("package/.jsii")) {
                    readAssembly(tar, assembly);
                    sawJsii = true;
                } else if (entry.getName().equals("package/package.json")) {
                    readPackageJson(tar, assembly);
                }
                if (sawJsii && assembly.packageName != null) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new ExternalException(origin + " is not a readable npm package tarball: " + e.getMessage(),
                    "delete it from the schema cache and fetch it again (terraform-check --fetch)", e);
        }
        if (!sawJsii || assembly.providerName == null) {
            throw new ExternalException(origin + " is not a CDK-for-Terraform provider package (no "
                    + (sawJsii ? "cdktf.provider in package/package.json" : "package/.jsii") + ")",
                    "use one of the @cdktf/provider-* packages");
        }
        return build(assembly);
    }

    private void readPackageJson(InputStream in, Assembly assembly) throws IOException {
        JsonNode json = mapper.readTree(new NonClosing(in));
        JsonNode provider = json.path("cdktf").path("provider");
        assembly.packageName = json.path("name").asText();
        assembly.packageVersion = json.path("version").asText();
        if (provider.hasNonNull("name")) {
            String name = provider.path("name").asText();
            assembly.providerName = name.startsWith("registry.terraform.io/") ? name.substring("registry.terraform.io/".length()) : name;
            assembly.providerVersion = provider.path("version").asText();
        }
    }

    private void readAssembly(InputStream in, Assembly assembly) throws IOException {
        JsonFactory factory = mapper.getFactory();
        try (JsonParser parser = factory.createParser(new NonClosing(in))) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("package/.jsii is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("types") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        parser.nextToken();
                        readType(parser.readValueAsTree(), assembly);
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
    }

    private void readType(JsonNode type, Assembly assembly) {
        String kind = type.path("kind").asText();
        if (kind.equals("interface") && type.path("datatype").asBoolean()) {
            List<Property> properties = new ArrayList<>();
            for (JsonNode p : type.path("properties")) {
                String camel = p.path("name").asText();
                String summary = p.path("docs").path("summary").asText("");
                String remarks = p.path("docs").path("remarks").asText("");
                Matcher link = PROPERTY_LINK.matcher(remarks);
                Matcher summaryLink = PROPERTY_LINK.matcher(summary);
                String tfName = link.find() ? link.group(1) : summaryLink.find() ? summaryLink.group(1) : snake(camel);
                properties.add(new Property(camel, tfName, p.path("optional").asBoolean(false), structFqn(p.path("type")),
                        summary.startsWith(tfName + " block")));
            }
            assembly.structs.put(type.path("fqn").asText(), properties);
        } else if (kind.equals("class")) {
            String base = type.path("base").asText("");
            if (!base.equals(RESOURCE_BASE) && !base.equals(DATA_SOURCE_BASE) && !base.equals(PROVIDER_BASE)) {
                return;
            }
            Matcher link = TYPE_LINK.matcher(type.path("docs").path("summary").asText(""));
            if (!link.find()) {
                return;
            }
            Optional<String> config = Optional.empty();
            for (JsonNode parameter : type.path("initializer").path("parameters")) {
                if (parameter.path("name").asText().equals("config")) {
                    config = Optional.ofNullable(parameter.path("type").path("fqn").asText(null));
                }
            }
            List<String> getters = new ArrayList<>();
            for (JsonNode p : type.path("properties")) {
                String name = p.path("name").asText();
                if (!p.path("static").asBoolean(false) && !name.endsWith("Input")) {
                    getters.add(name);
                }
            }
            assembly.classes.add(new Clazz(base, link.group(2), config, getters));
        }
    }

    /** The first non-cdktf struct named by a property type (a struct, a list of structs, or a union with one). */
    private static Optional<String> structFqn(JsonNode type) {
        if (type.hasNonNull("fqn")) {
            String fqn = type.path("fqn").asText();
            return fqn.startsWith("cdktf.") ? Optional.empty() : Optional.of(fqn);
        }
        for (JsonNode member : type.path("union").path("types")) {
            Optional<String> found = structFqn(member);
            if (found.isPresent()) {
                return found;
            }
        }
        JsonNode element = type.path("collection").path("elementtype");
        return element.isMissingNode() ? Optional.empty() : structFqn(element);
    }

    private ProviderSchema build(Assembly assembly) {
        Map<String, BlockSchema> memo = new HashMap<>();
        Map<String, BlockSchema> resources = new LinkedHashMap<>();
        Map<String, BlockSchema> dataSources = new LinkedHashMap<>();
        BlockSchema provider = BlockSchema.of(Map.of(), Map.of(), Set.of(), Map.of());
        for (Clazz clazz : assembly.classes) {
            List<Property> config = clazz.configFqn().map(assembly.structs::get).orElse(List.of());
            BlockSchema configSchema = block(config, assembly, memo, new java.util.HashSet<>());
            Map<String, String> camelToTf = new HashMap<>();
            config.forEach(p -> camelToTf.put(p.camelName(), p.tfName()));
            Set<String> attributes = new TreeSet<>(configSchema.attributes());
            clazz.getters().forEach(g -> attributes.add(camelToTf.getOrDefault(g, snake(g))));
            BlockSchema schema = BlockSchema.of(configSchema.arguments(), configSchema.blocks(), attributes, configSchema.objectArguments());
            switch (clazz.base()) {
                case RESOURCE_BASE -> resources.put(clazz.typeName(), schema);
                case DATA_SOURCE_BASE -> dataSources.put(clazz.typeName(), schema);
                default -> provider = schema;
            }
        }
        return ProviderSchema.of(assembly.providerName, assembly.providerVersion,
                assembly.packageName + "@" + assembly.packageVersion, provider, resources, dataSources);
    }

    private BlockSchema block(List<Property> properties, Assembly assembly, Map<String, BlockSchema> memo, Set<String> visiting) {
        Map<String, Boolean> arguments = new LinkedHashMap<>();
        Map<String, BlockSchema.NestedBlock> blocks = new LinkedHashMap<>();
        Map<String, BlockSchema> objectArguments = new LinkedHashMap<>();
        for (Property p : properties) {
            Optional<String> struct = p.structFqn().filter(assembly.structs::containsKey);
            if (struct.isPresent() && p.blockDoc()) {
                blocks.put(p.tfName(), new BlockSchema.NestedBlock(!p.optional(), nested(struct.get(), assembly, memo, visiting)));
            } else {
                arguments.put(p.tfName(), !p.optional());
                struct.ifPresent(fqn -> objectArguments.put(p.tfName(), nested(fqn, assembly, memo, visiting)));
            }
        }
        return BlockSchema.of(arguments, blocks, Set.of(), objectArguments);
    }

    private BlockSchema nested(String fqn, Assembly assembly, Map<String, BlockSchema> memo, Set<String> visiting) {
        BlockSchema known = memo.get(fqn);
        if (known != null) {
            return known;
        }
        if (!visiting.add(fqn)) {
            // A recursive block type (rare, e.g. wafv2 statements nest by name, never by the same struct);
            // stop here rather than loop.
            return BlockSchema.of(Map.of(), Map.of(), Set.of(), Map.of());
        }
        BlockSchema schema = block(assembly.structs.get(fqn), assembly, memo, visiting);
        visiting.remove(fqn);
        memo.put(fqn, schema);
        return schema;
    }

    /** cdktf's camelCase back to Terraform's snake_case, for getters that have no docs link. */
    static String snake(String camel) {
        return LOWER_UPPER.matcher(camel).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }

    /** Lets a JSON parser read one tar entry without closing the tar stream under it. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the tar stream stays open for the next entry
        }
    }
}
