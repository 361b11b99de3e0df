package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.schema.BlockSchema;
import dev.benchfleet.terraformcheck.schema.ProviderSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resource, data source and provider blocks against their provider's schema: the type exists, every
 * argument and nested block (recursively, {@code dynamic} blocks included) exists, required arguments are
 * set and required blocks present. Terraform's meta-arguments are accepted where Terraform accepts them.
 */
final class SchemaChecks {

    /** The block types Terraform accepts at the top of a module. */
    static final Set<String> TOP_LEVEL = Set.of("terraform", "provider", "variable", "locals", "output", "module",
            "resource", "data", "moved", "import", "check", "removed", "ephemeral");
    private static final Set<String> META_ARGUMENTS = Set.of("count", "for_each", "depends_on", "provider");
    private static final Set<String> LIFECYCLE_ARGUMENTS = Set.of("create_before_destroy", "prevent_destroy", "ignore_changes",
            "replace_triggered_by");
    private static final Set<String> CONDITION_ARGUMENTS = Set.of("condition", "error_message");
    private static final Set<String> DYNAMIC_ARGUMENTS = Set.of("for_each", "iterator", "labels");

    private final CheckContext context;

    SchemaChecks(CheckContext context) {
        this.context = context;
    }

    void run() {
        for (Block block : context.module().blocks()) {
            switch (block.type()) {
                case "resource" -> typed(block, false);
                case "data" -> typed(block, true);
                case "provider" -> provider(block);
                default -> {
                    if (!TOP_LEVEL.contains(block.type())) {
                        context.report(block, "`" + block.type() + "` is not a Terraform block type" + ClosestName.hint(block.type(), TOP_LEVEL));
                    }
                }
            }
        }
    }

    private void typed(Block block, boolean data) {
        String type = block.label(0);
        String kind = data ? "data source" : "resource";
        String provider = CheckContext.providerOf(type);
        ProviderSchema schema = context.schemas().get(provider);
        if (schema == null) {
            context.report(block, "no schema for provider `" + provider + "` (of " + kind + " type `" + type
                    + "`): the checker knows " + String.join(", ", new TreeSet<>(context.schemas().keySet())));
            return;
        }
        Map<String, BlockSchema> types = data ? schema.dataSources() : schema.resources();
        BlockSchema typeSchema = types.get(type);
        if (typeSchema == null) {
            context.report(block, "`" + type + "` is not a " + kind + " type of " + schema.source() + " " + schema.version()
                    + ClosestName.hint(type, types.keySet()));
            return;
        }
        body(block, typeSchema, "`" + type + "`", data ? Top.DATA : Top.RESOURCE);
    }

    private void provider(Block block) {
        String name = block.label(0);
        ProviderSchema schema = context.schemas().get(name);
        if (schema == null) {
            context.report(block, "no schema for provider `" + name + "`: the checker knows "
                    + String.join(", ", new TreeSet<>(context.schemas().keySet())));
            return;
        }
        body(block, schema.provider(), "provider `" + name + "`", Top.PROVIDER);
    }

    /** Where a block body sits: what Terraform adds to the provider's schema there. */
    private enum Top { RESOURCE, DATA, PROVIDER, NESTED }

    private void body(Block block, BlockSchema schema, String owner, Top top) {
        for (Attribute attribute : block.attributes()) {
            String name = attribute.name();
            if (schema.arguments().containsKey(name) || (top == Top.RESOURCE || top == Top.DATA) && META_ARGUMENTS.contains(name)) {
                continue;
            }
            String message;
            if (schema.blocks().containsKey(name)) {
                message = "`" + name + "` is a block of " + owner + ", not an argument: write `" + name + " { ... }`";
            } else if (schema.isReadOnly(name)) {
                message = "`" + name + "` is a read-only attribute of " + owner + " (computed by the provider); it cannot be set";
            } else {
                message = "`" + name + "` is not an argument of " + owner + ClosestName.hint(name, schema.arguments().keySet());
            }
            context.report(block.file(), attribute.line(), block.address(), message);
        }
        List<String> present = new ArrayList<>();
        for (Block nested : block.blocks()) {
            String name = nested.type();
            if ((top == Top.RESOURCE || top == Top.DATA) && name.equals("lifecycle")) {
                lifecycle(nested, owner);
            } else if (top == Top.RESOURCE && (name.equals("provisioner") || name.equals("connection"))) {
                continue;
            } else if (name.equals("dynamic")) {
                dynamic(nested, schema, owner);
                present.add(nested.label(0));
            } else if (schema.blocks().containsKey(name)) {
                present.add(name);
                body(nested, schema.blocks().get(name).schema(), "block `" + name + "` of " + owner, Top.NESTED);
            } else if (schema.objectArguments().containsKey(name)) {
                // an argument holding objects, written in block syntax (the provider's "attributes as blocks")
                present.add(name);
                body(nested, schema.objectArguments().get(name), "`" + name + "` of " + owner, Top.NESTED);
            } else if (schema.arguments().containsKey(name)) {
                context.report(nested, "`" + name + "` is an argument of " + owner + ", not a block: write `" + name + " = ...`");
            } else {
                context.report(nested, "`" + name + "` is not a block of " + owner + ClosestName.hint(name, blockNames(schema, top)));
            }
        }
        schema.arguments().forEach((name, required) -> {
            if (required && block.attribute(name).isEmpty() && !present.contains(name)) {
                context.report(block, "required argument `" + name + "` of " + owner + " is not set");
            }
        });
        schema.blocks().forEach((name, nested) -> {
            if (nested.required() && !present.contains(name)) {
                context.report(block, "required block `" + name + "` of " + owner + " is missing");
            }
        });
    }

    /** What a {@code dynamic} block can generate here: nested blocks and arguments holding objects. */
    private static Set<String> generatable(BlockSchema schema) {
        Set<String> names = new TreeSet<>(schema.blocks().keySet());
        names.addAll(schema.objectArguments().keySet());
        return names;
    }

    private static Set<String> blockNames(BlockSchema schema, Top top) {
        Set<String> names = generatable(schema);
        names.add("dynamic");
        if (top == Top.RESOURCE || top == Top.DATA) {
            names.add("lifecycle");
        }
        if (top == Top.RESOURCE) {
            names.add("provisioner");
            names.add("connection");
        }
        return names;
    }

    private void dynamic(Block dynamic, BlockSchema schema, String owner) {
        String name = dynamic.label(0);
        BlockSchema.NestedBlock generated = schema.blocks().get(name);
        if (generated == null && schema.objectArguments().containsKey(name)) {
            // an argument holding objects ("attributes as blocks", e.g. ingress of aws_security_group)
            generated = new BlockSchema.NestedBlock(false, schema.objectArguments().get(name));
        }
        if (generated == null) {
            context.report(dynamic, "dynamic block `" + name + "` generates no block of " + owner
                    + ClosestName.hint(name, generatable(schema)));
            return;
        }
        for (Attribute attribute : dynamic.attributes()) {
            if (!DYNAMIC_ARGUMENTS.contains(attribute.name())) {
                context.report(dynamic.file(), attribute.line(), dynamic.address(), "`" + attribute.name()
                        + "` is not an argument of a dynamic block" + ClosestName.hint(attribute.name(), DYNAMIC_ARGUMENTS));
            }
        }
        if (dynamic.attribute("for_each").isEmpty()) {
            context.report(dynamic, "dynamic block `" + name + "` has no `for_each`");
        }
        List<Block> contents = dynamic.blocks("content");
        if (contents.size() != 1) {
            context.report(dynamic, "dynamic block `" + name + "` needs exactly one `content` block, has " + contents.size());
        }
        for (Block nested : dynamic.blocks()) {
            if (!nested.type().equals("content")) {
                context.report(nested, "`" + nested.type() + "` is not a block of a dynamic block; did you mean `content`?");
            }
        }
        BlockSchema content = generated.schema();
        contents.forEach(c -> body(c, content, "block `" + name + "` of " + owner, Top.NESTED));
    }

    private void lifecycle(Block lifecycle, String owner) {
        for (Attribute attribute : lifecycle.attributes()) {
            if (!LIFECYCLE_ARGUMENTS.contains(attribute.name())) {
                context.report(lifecycle.file(), attribute.line(), lifecycle.address(), "`" + attribute.name()
                        + "` is not an argument of the lifecycle of " + owner + ClosestName.hint(attribute.name(), LIFECYCLE_ARGUMENTS));
            }
        }
        for (Block condition : lifecycle.blocks()) {
            if (!condition.type().equals("precondition") && !condition.type().equals("postcondition")) {
                context.report(condition, "`" + condition.type() + "` is not a block of lifecycle"
                        + ClosestName.hint(condition.type(), List.of("precondition", "postcondition")));
                continue;
            }
            for (Attribute attribute : condition.attributes()) {
                if (!CONDITION_ARGUMENTS.contains(attribute.name())) {
                    context.report(condition.file(), attribute.line(), condition.address(), "`" + attribute.name()
                            + "` is not an argument of " + condition.type() + ClosestName.hint(attribute.name(), CONDITION_ARGUMENTS));
                }
            }
            for (String required : CONDITION_ARGUMENTS) {
                if (condition.attribute(required).isEmpty()) {
                    context.report(condition, condition.type() + " of " + owner + " has no `" + required + "`");
                }
            }
        }
    }
}
