package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Expr;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Visits the references and calls in an expression, knowing which names a {@code for} puts in scope. */
final class ExprWalker {

    private ExprWalker() {
    }

    /** Calls {@code visitor} with each reference and the local names in scope where it stands. */
    static void references(Expr expr, Set<String> scope, BiConsumer<Expr.Ref, Set<String>> visitor) {
        if (expr instanceof Expr.Ref ref) {
            visitor.accept(ref, scope);
        }
        Set<String> inner = scope;
        if (expr instanceof Expr.ForExpr forExpr) {
            inner = new HashSet<>(scope);
            inner.addAll(forExpr.variables());
        }
        for (Expr child : children(expr)) {
            references(child, inner, visitor);
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
