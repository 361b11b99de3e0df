package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.Expr;
import dev.benchfleet.terraformcheck.module.TerraformModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The values a string expression can have without running Terraform: literals, {@code path.module},
 * {@code local.x}, variable defaults, string templates of those, and both branches of a conditional.
 * Empty when the expression depends on anything else.
 */
final class StaticStrings {

    private static final int MAX_DEPTH = 16;

    private final TerraformModule module;

    StaticStrings(TerraformModule module) {
        this.module = module;
    }

    Set<String> values(Expr expr) {
        return values(expr, 0);
    }

    private Set<String> values(Expr expr, int depth) {
        if (depth > MAX_DEPTH) {
            return Set.of();
        }
        if (expr instanceof Expr.Literal literal) {
            return literal.value() == null ? Set.of() : Set.of(String.valueOf(literal.value()));
        }
        if (expr instanceof Expr.Ref ref) {
            return reference(ref, depth);
        }
        if (expr instanceof Expr.Composite composite) {
            List<Expr> parts = composite.parts();
            int question = indexOf(parts, "?");
            int colon = indexOf(parts, ":");
            if (question > 0 && colon > question) {
                Set<String> both = new LinkedHashSet<>(values(single(parts.subList(question + 1, colon), composite.line()), depth + 1));
                both.addAll(values(single(parts.subList(colon + 1, parts.size()), composite.line()), depth + 1));
                return both;
            }
            Set<String> result = Set.of("");
            for (Expr part : parts) {
                if (part instanceof Expr.Op op) {
                    if (!op.operator().equals("+")) {
                        return Set.of();
                    }
                    continue;
                }
                Set<String> next = values(part, depth + 1);
                if (next.isEmpty()) {
                    return Set.of();
                }
                Set<String> joined = new LinkedHashSet<>();
                for (String prefix : result) {
                    for (String suffix : next) {
                        joined.add(prefix + suffix);
                    }
                }
                result = joined;
            }
            return result;
        }
        return Set.of();
    }

    private Set<String> reference(Expr.Ref ref, int depth) {
        List<String> names = ref.names();
        if (names.size() != 2 || !ref.indexes().isEmpty()) {
            return Set.of();
        }
        if (names.get(0).equals("path") && List.of("module", "root", "cwd").contains(names.get(1))) {
            return Set.of(module.dir().toAbsolutePath().normalize().toString());
        }
        if (names.get(0).equals("local")) {
            return module.local(names.get(1)).map(a -> values(a.value(), depth + 1)).orElse(Set.of());
        }
        if (names.get(0).equals("var")) {
            Optional<Block> variable = module.find("variable", names.get(1));
            return variable.flatMap(v -> v.attribute("default")).map(Attribute::value).map(v -> values(v, depth + 1)).orElse(Set.of());
        }
        return Set.of();
    }

    private static Expr single(List<Expr> parts, int line) {
        return parts.size() == 1 ? parts.get(0) : new Expr.Composite("expr", new ArrayList<>(parts), line);
    }

    private static int indexOf(List<Expr> parts, String operator) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof Expr.Op op && op.operator().equals(operator)) {
                return i;
            }
        }
        return -1;
    }
}
