package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Expr;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/** Visits the references and calls in an expression, knowing which names a {@code for} puts in scope. */
final class ExprWalker {

    private ExprWalker() {
    }

    /**
     * Calls {@code visitor} with each reference and the local names in scope where it stands, each name
     * with what it holds when that is known (see {@code instances}), else empty.
     *
     * @param instances what a {@code for} over a reference yields per element: for {@code aws_instance.x}
     *                  with {@code for_each}/{@code count}, one instance of that type ("aws_instance");
     *                  empty when unknown
     */
    static void references(Expr expr, Map<String, String> scope, Function<Expr.Ref, String> instances,
            BiConsumer<Expr.Ref, Map<String, String>> visitor) {
        if (expr instanceof Expr.Ref ref) {
            visitor.accept(ref, scope);
        }
        Map<String, String> inner = scope;
        if (expr instanceof Expr.ForExpr forExpr && !forExpr.variables().isEmpty()) {
            inner = new HashMap<>(scope);
            List<String> variables = forExpr.variables();
            for (String variable : variables) {
                inner.put(variable, "");
            }
            if (!forExpr.parts().isEmpty() && forExpr.parts().get(0) instanceof Expr.Ref source && variables.size() <= 2) {
                // for k, v in aws_instance.x (or for v in ...): v is one instance
                inner.put(variables.get(variables.size() - 1), instances.apply(source));
            }
        }
        for (Expr child : children(expr)) {
            references(child, inner, instances, visitor);
        }
    }

    /** Calls {@code visitor} with every function call in an expression, nested ones included. */
    static void calls(Expr expr, Consumer<Expr.Call> visitor) {
        if (expr instanceof Expr.Call call) {
            visitor.accept(call);
        }
        for (Expr child : children(expr)) {
            calls(child, visitor);
        }
    }

    private static List<Expr> children(Expr expr) {
        if (expr instanceof Expr.Ref ref) {
            return ref.indexes();
        }
        if (expr instanceof Expr.Call call) {
            return concat(call.args(), call.traversal());
        }
        if (expr instanceof Expr.ObjectLit object) {
            return object.entries().stream().map(Attribute::value).toList();
        }
        if (expr instanceof Expr.ForExpr forExpr) {
            return forExpr.parts();
        }
        if (expr instanceof Expr.Composite composite) {
            return composite.parts();
        }
        return List.of();
    }

    private static List<Expr> concat(List<Expr> a, List<Expr> b) {
        return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
