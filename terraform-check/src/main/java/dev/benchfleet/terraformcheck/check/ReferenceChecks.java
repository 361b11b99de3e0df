package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.Expr;
import dev.benchfleet.terraformcheck.module.ModuleReader;
import dev.benchfleet.terraformcheck.module.TerraformModule;
import dev.benchfleet.terraformcheck.schema.BlockSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every reference names something declared ({@code var.x}, {@code local.x}, {@code module.m.out},
 * {@code data.type.name}, {@code type.name}) and, for resources and data sources, an attribute the type
 * has; every declared variable is used.
 */
final class ReferenceChecks {

    /** Names Terraform itself provides. */
    private static final Set<String> BUILT_IN = Set.of("each", "count", "path", "terraform", "self");

    private final CheckContext context;
    private final TerraformModule module;
    private final Set<String> variables = new TreeSet<>();
    private final Set<String> locals = new TreeSet<>();
    private final Set<String> resources = new TreeSet<>();
    private final Set<String> dataSources = new TreeSet<>();
    private final Set<String> modules = new TreeSet<>();
    private final Set<String> usedVariables = new HashSet<>();

    ReferenceChecks(CheckContext context) {
        this.context = context;
        this.module = context.module();
        for (Block block : module.blocks()) {
            switch (block.type()) {
                case "variable" -> variables.add(block.label(0));
                case "resource" -> resources.add(block.label(0) + "." + block.label(1));
                case "data" -> dataSources.add(block.label(0) + "." + block.label(1));
                case "module" -> modules.add(block.label(0));
                default -> {
                    // nothing a reference can name
                }
            }
        }
        module.locals().forEach(local -> locals.add(local.name()));
    }

    void run() {
        for (Block block : module.blocks()) {
            if (block.type().equals("terraform")) {
                continue;
            }
            Optional<String> selfType = block.type().equals("resource") || block.type().equals("data")
                    ? Optional.of(block.label(0)) : Optional.empty();
            Map<String, String> scope = new HashMap<>();
            // each.value of a for_each over another resource's instances is one of them
            block.attribute("for_each").filter(a -> a.value() instanceof Expr.Ref)
                    .map(a -> instances((Expr.Ref) a.value())).filter(t -> !t.isEmpty())
                    .ifPresent(type -> scope.put("each.value", type));
            body(block, block, selfType, scope);
        }
        for (Block variable : module.blocks("variable")) {
            if (!usedVariables.contains(variable.label(0))) {
                context.report(variable, "variable `" + variable.label(0) + "` is declared but never used");
            }
        }
    }

    private void body(Block top, Block block, Optional<String> selfType, Map<String, String> scope) {
        for (Attribute attribute : block.attributes()) {
            if (skipped(top, block, attribute)) {
                continue;
            }
            ExprWalker.references(attribute.value(), scope, this::instances, (ref, inScope) -> reference(top, ref, inScope, selfType));
        }
        for (Block nested : block.blocks()) {
            Map<String, String> inner = scope;
            if (nested.type().equals("dynamic")) {
                inner = new HashMap<>(scope);
                inner.put(nested.attribute("iterator").map(a -> a.value() instanceof Expr.Ref r ? r.text() : "").orElse(nested.label(0)), "");
            }
            body(top, nested, selfType, inner);
        }
    }

    /**
     * What one element of {@code ref} is when iterated: an instance of a resource ({@code aws_instance}) or
     * data source ({@code data.aws_subnet}) declared with {@code for_each} or {@code count}; else "".
     */
    private String instances(Expr.Ref ref) {
        List<String> names = ref.names();
        boolean data = !names.isEmpty() && names.get(0).equals("data");
        int size = data ? 3 : 2;
        if (names.size() != size || !ref.indexes().isEmpty()) {
            return "";
        }
        String type = names.get(size - 2);
        Optional<Block> declared = data ? module.find("data", type, names.get(2)) : module.find("resource", type, names.get(1));
        boolean repeated = declared.filter(b -> b.attribute("for_each").isPresent() || b.attribute("count").isPresent()).isPresent();
        return repeated ? (data ? "data." : "") + type : "";
    }

    /** Attributes whose values are not expressions over references. */
    private static boolean skipped(Block top, Block block, Attribute attribute) {
        return top.type().equals("variable") && block == top && attribute.name().equals("type")
                || block == top && attribute.name().equals("provider") && (top.type().equals("resource") || top.type().equals("data"))
                || block.type().equals("lifecycle") && attribute.name().equals("ignore_changes")
                || top.type().equals("module") && block == top && attribute.name().equals("providers");
    }

    private void reference(Block top, Expr.Ref ref, Map<String, String> scope, Optional<String> selfType) {
        List<String> names = ref.names();
        if (names.isEmpty()) {
            return;
        }
        String root = names.get(0);
        if (scope.containsKey(root)) {
            String instance = scope.get(root);
            if (!instance.isEmpty() && names.size() > 1) {
                instanceAttribute(top, ref, instance, names.get(1));
            }
            return;
        }
        if (root.equals("each") && names.size() > 2 && names.get(1).equals("value") && scope.containsKey("each.value")) {
            instanceAttribute(top, ref, scope.get("each.value"), names.get(2));
            return;
        }
        String text = ref.text();
        switch (root) {
            case "var" -> {
                if (names.size() < 2) {
                    report(top, ref, "`var` needs a variable name (`var.<name>`)");
                } else if (variables.contains(names.get(1))) {
                    usedVariables.add(names.get(1));
                } else {
                    report(top, ref, "`var." + names.get(1) + "` is not declared" + hint("var.", names.get(1), variables));
                }
            }
            case "local" -> {
                if (names.size() < 2 || !locals.contains(names.get(1))) {
                    String name = names.size() < 2 ? "" : names.get(1);
                    report(top, ref, "`local." + name + "` is not declared" + hint("local.", name, locals));
                }
            }
            case "module" -> moduleOutput(top, ref);
            case "data" -> {
                if (names.size() < 3) {
                    report(top, ref, "`" + text + "` is not a data source reference (`data.<type>.<name>`)");
                    return;
                }
                String address = names.get(1) + "." + names.get(2);
                if (!dataSources.contains(address)) {
                    report(top, ref, "`data." + address + "` is not declared" + hint("data.", address, dataSources));
                } else if (names.size() > 3) {
                    attribute(top, ref, "data." + address, names.get(1), true, names.get(3));
                }
            }
            case "self" -> {
                if (names.size() > 1 && selfType.isPresent()) {
                    attribute(top, ref, "self", selfType.get(), top.type().equals("data"), names.get(1));
                }
            }
            default -> {
                if (BUILT_IN.contains(root)) {
                    return;
                }
                if (names.size() < 2) {
                    report(top, ref, "`" + root + "` is not a name in scope here" + hint("", root, scope.keySet()));
                    return;
                }
                String address = root + "." + names.get(1);
                if (!resources.contains(address)) {
                    report(top, ref, "`" + address + "` is not a declared resource" + hint("", address, resources));
                } else if (names.size() > 2) {
                    attribute(top, ref, address, root, false, names.get(2));
                }
            }
        }
    }

    private void attribute(Block top, Expr.Ref ref, String owner, String type, boolean data, String attribute) {
        Optional<BlockSchema> schema = context.typeSchema(type, data);
        if (schema.isPresent() && !schema.get().readable().contains(attribute) && !attribute.equals("id")) {
            report(top, ref, "`" + attribute + "` is not an attribute of `" + (data ? "data." : "") + type + "` (in `"
                    + ref.text() + "`)" + ClosestName.hint(attribute, schema.get().readable()));
        }
    }

    private void instanceAttribute(Block top, Expr.Ref ref, String instance, String attribute) {
        boolean data = instance.startsWith("data.");
        String type = data ? instance.substring("data.".length()) : instance;
        attribute(top, ref, ref.names().get(0), type, data, attribute);
    }

    private void moduleOutput(Block top, Expr.Ref ref) {
        List<String> names = ref.names();
        if (names.size() < 2 || !modules.contains(names.get(1))) {
            String name = names.size() < 2 ? "" : names.get(1);
            report(top, ref, "`module." + name + "` is not declared" + hint("module.", name, modules));
            return;
        }
        if (names.size() < 3) {
            return;
        }
        // Outputs are known only for local modules (source "./x" or "../x"); registry modules are not fetched.
        Optional<Path> source = module.find("module", names.get(1)).flatMap(b -> b.attribute("source"))
                .map(Attribute::value).filter(v -> v instanceof Expr.Literal).map(v -> String.valueOf(((Expr.Literal) v).value()))
                .filter(s -> s.startsWith("./") || s.startsWith("../")).map(s -> module.dir().resolve(s).normalize());
        if (source.isEmpty() || !Files.isDirectory(source.get())) {
            return;
        }
        Set<String> outputs = new LinkedHashSet<>();
        new ModuleReader().read(source.get()).blocks("output").forEach(output -> outputs.add(output.label(0)));
        if (!outputs.contains(names.get(2))) {
            report(top, ref, "`" + names.get(2) + "` is not an output of module `" + names.get(1) + "`"
                    + ClosestName.hint(names.get(2), outputs));
        }
    }

    private void report(Block top, Expr.Ref ref, String message) {
        context.report(top.file(), ref.line() > 0 ? ref.line() : top.line(), top.address(), message);
    }

    private static String hint(String prefix, String wrong, Set<String> valid) {
        return ClosestName.to(wrong, valid).map(v -> "; did you mean `" + prefix + v + "`?").orElse("");
    }
}
