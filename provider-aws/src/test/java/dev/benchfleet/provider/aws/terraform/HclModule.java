package dev.benchfleet.provider.aws.terraform;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code *.tf} files of one Terraform module folder, parsed with hcl4j into one tree per block kind
 * ({@code variable}, {@code resource}, {@code data}, {@code output}, {@code locals}, {@code terraform}).
 *
 * <p>hcl4j resolves {@code local.*} references within a file and leaves {@code var.*} and resource
 * references as unresolved variable trees (their {@code toString()} is the reference, e.g.
 * {@code var.run_id}). Terraform functions are not evaluated: {@code merge} of literal maps is merged
 * (so {@code tags = merge(local.tags, {...})} reads as the tags it makes) and every other call becomes a
 * {@link Call} that keeps its arguments — {@code templatefile(path, {vars})} included.
 *
 * <p>Public, in this module's test jar, for the structure tests of the other clouds' modules (provider-azure).
 */
public final class HclModule {

    /** An unevaluated function call: its name and its (parsed) arguments. */
    public record Call(String function, List<Object> args) {
    }

    /**
     * Calls kept as {@link Call}s. Others (range, values, flatten ...) are left to hcl4j, which needs lists
     * where they are used as the source of a for expression and evaluates them to null otherwise.
     */
    private static final List<String> FUNCTIONS = List.of("base64encode", "file", "format", "replace", "templatefile", "toset",
            "tostring", "trimsuffix", "try");

    private final Path dir;
    private final Map<String, Map<String, Object>> blocks;
    private final List<Map<String, Object>> locals;

    private HclModule(Path dir, Map<String, Map<String, Object>> blocks, List<Map<String, Object>> locals) {
        this.dir = dir;
        this.blocks = blocks;
        this.locals = locals;
    }

    /** The folder holding {@code infrastructure/} (the surefire property, else the module's parent). */
    public static Path infrastructure() {
        return Path.of(System.getProperty("benchfleet.infrastructureDir", "../infrastructure")).toAbsolutePath().normalize();
    }

    public static HclModule load(Path dir) {
        Map<String, Map<String, Object>> blocks = new LinkedHashMap<>();
        List<Map<String, Object>> locals = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                Map<String, Object> parsed = parser().parse(Files.readString(file, StandardCharsets.UTF_8));
                for (Map.Entry<String, Object> kind : parsed.entrySet()) {
                    if (kind.getValue() instanceof List<?> list) {
                        list.forEach(l -> locals.add(map(l)));
                    } else {
                        Map<String, Object> into = blocks.computeIfAbsent(kind.getKey(), k -> new LinkedHashMap<>());
                        map(kind.getValue()).forEach((name, body) -> {
                            if (into.containsKey(name) && into.get(name) instanceof Map<?, ?> existing) {
                                Map<String, Object> merged = new LinkedHashMap<>(map(existing));
                                merged.putAll(map(body));
                                into.put(name, merged);
                            } else {
                                into.put(name, body);
                            }
                        });
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (HCLParserException e) {
            throw new IllegalStateException("hcl4j cannot parse " + dir + ": " + e.getMessage(), e);
        }
        return new HclModule(dir, blocks, locals);
    }

    private static HCLParser parser() {
        HCLParser parser = new HCLParser();
        parser.registerFunction("merge", args -> {
            if (args.stream().allMatch(a -> a instanceof Map<?, ?>)) {
                Map<String, Object> merged = new LinkedHashMap<>();
                args.forEach(a -> merged.putAll(map(a)));
                return merged;
            }
            return new Call("merge", new ArrayList<>(args));
        });
        for (String function : FUNCTIONS) {
            parser.registerFunction(function, args -> new Call(function, new ArrayList<>(args)));
        }
        return parser;
    }

    public Path dir() {
        return dir;
    }

    /** Blocks of one kind by name ({@code variable}, {@code output}), or resources / data sources by type. */
    public Map<String, Object> blocks(String kind) {
        return blocks.getOrDefault(kind, Map.of());
    }

    public Map<String, Object> variables() {
        return blocks("variable");
    }

    public Map<String, Object> outputs() {
        return blocks("output");
    }

    /** {@code resource "<type>" "<name>"} bodies as "type.name" → body. */
    public Map<String, Map<String, Object>> resources() {
        Map<String, Map<String, Object>> all = new LinkedHashMap<>();
        blocks("resource").forEach((type, byName) -> map(byName).forEach((name, body) -> all.put(type + "." + name, map(body))));
        return all;
    }

    public Map<String, Object> resource(String address) {
        Map<String, Object> body = resources().get(address);
        if (body == null) {
            throw new IllegalArgumentException("no resource " + address + " in " + dir + "; there are " + resources().keySet());
        }
        return body;
    }

    public Map<String, Object> terraformBlock() {
        return blocks("terraform");
    }

    public Object local(String name) {
        return locals.stream().filter(l -> l.containsKey(name)).map(l -> l.get(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no local." + name + " in " + dir));
    }

    /**
     * The text of one top-level block ({@code resource "aws_instance" "x"}) of any {@code .tf} file of the module,
     * from its header to its closing brace: for what hcl4j does not evaluate (conditionals, lifecycle lists).
     */
    String blockSource(String header) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int start = text.indexOf(header + " {");
                if (start >= 0) {
                    return text.substring(start, text.indexOf("\n}\n", start) + 2);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no block " + header + " in " + dir);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("expected a block or object, got " + value);
        }
        return (Map<String, Object>) value;
    }

    /** Every value in a parsed tree, depth first (map values, list items, call arguments). */
    public static Stream<Object> walk(Object value) {
        Stream<Object> self = Stream.of(value == null ? "null" : value);
        if (value instanceof Map<?, ?> m) {
            return Stream.concat(self, m.values().stream().flatMap(HclModule::walk));
        }
        if (value instanceof List<?> l) {
            return Stream.concat(self, l.stream().flatMap(HclModule::walk));
        }
        if (value instanceof Call c) {
            return Stream.concat(self, c.args().stream().flatMap(HclModule::walk));
        }
        return self;
    }
}
