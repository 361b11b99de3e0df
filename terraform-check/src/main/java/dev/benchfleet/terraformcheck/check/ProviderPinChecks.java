package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.Expr;
import dev.benchfleet.terraformcheck.schema.ProviderPackage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code required_providers}: every provider the module uses is listed, each with a source the checker has
 * a schema for and a version constraint that admits the version of that schema.
 */
final class ProviderPinChecks {

    private final CheckContext context;
    private final List<ProviderPackage> packages;

    ProviderPinChecks(CheckContext context, List<ProviderPackage> packages) {
        this.context = context;
        this.packages = packages;
    }

    void run() {
        Set<String> declared = new TreeSet<>();
        for (Block terraform : context.module().blocks("terraform")) {
            for (Block required : terraform.blocks("required_providers")) {
                for (Attribute entry : required.attributes()) {
                    declared.add(entry.name());
                    pin(required, entry);
                }
            }
        }
        Set<String> used = new TreeSet<>();
        for (Block block : context.module().blocks()) {
            if (block.type().equals("resource") || block.type().equals("data")) {
                used.add(CheckContext.providerOf(block.label(0)));
            } else if (block.type().equals("provider")) {
                used.add(block.label(0));
            }
        }
        used.removeAll(declared);
        for (String provider : used) {
            Block first = context.module().blocks().stream()
                    .filter(b -> (b.type().equals("resource") || b.type().equals("data")) && CheckContext.providerOf(b.label(0)).equals(provider)
                            || b.type().equals("provider") && b.label(0).equals(provider))
                    .findFirst().orElseThrow();
            String pin = ProviderPackage.find(packages, provider).map(p -> " (source = \"" + p.source() + "\", version = \"" + pessimistic(p) + "\")").orElse("");
            context.report(first, "provider `" + provider + "` is used but not listed in terraform { required_providers }" + pin);
        }
    }

    private void pin(Block required, Attribute entry) {
        if (!(entry.value() instanceof Expr.ObjectLit object)) {
            context.report(required.file(), entry.line(), required.address(), "`" + entry.name()
                    + "` in required_providers must be { source = ..., version = ... }");
            return;
        }
        String source = literal(object, "source").orElse("hashicorp/" + entry.name());
        Optional<ProviderPackage> pkg = ProviderPackage.find(packages, source);
        if (pkg.isEmpty()) {
            context.report(required.file(), entry.line(), required.address(), "no schema for provider source `" + source
                    + "`: the checker knows " + String.join(", ", packages.stream().map(ProviderPackage::source).toList()));
            return;
        }
        Optional<String> version = literal(object, "version");
        if (version.isEmpty()) {
            context.report(required.file(), entry.line(), required.address(), "provider `" + entry.name()
                    + "` has no version constraint; pin the schema checked: version = \"" + pessimistic(pkg.get()) + "\"");
            return;
        }
        int line = object.entries().stream().filter(e -> e.name().equals("version")).mapToInt(Attribute::line)
                .filter(l -> l > 0).findFirst().orElse(entry.line());
        Optional<VersionConstraint> constraint = VersionConstraint.parse(version.get());
        if (constraint.isEmpty()) {
            context.report(required.file(), line, required.address(), "`" + version.get()
                    + "` is not a Terraform version constraint (e.g. \"" + pessimistic(pkg.get()) + "\")");
        } else if (!constraint.get().admits(pkg.get().version())) {
            context.report(required.file(), line, required.address(), "version \"" + version.get() + "\" of `"
                    + entry.name() + "` does not admit " + pkg.get().source() + " " + pkg.get().version()
                    + ", the schema checked; pin \"" + pessimistic(pkg.get()) + "\"");
        }
    }

    /** {@code ~> 6.25} for 6.25.0. */
    static String pessimistic(ProviderPackage pkg) {
        String[] parts = pkg.version().split("\\.");
        return "~> " + parts[0] + "." + parts[1];
    }

    private static Optional<String> literal(Expr.ObjectLit object, String name) {
        return object.entries().stream().filter(e -> e.name().equals(name)).map(Attribute::value)
                .filter(v -> v instanceof Expr.Literal).map(v -> String.valueOf(((Expr.Literal) v).value())).findFirst();
    }
}
