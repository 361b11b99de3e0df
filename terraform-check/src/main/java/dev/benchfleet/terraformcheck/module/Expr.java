package dev.benchfleet.terraformcheck.module;

import java.util.List;

/**
 * An HCL expression as far as the checks need it: references, function calls, object literals, for
 * expressions and literals; everything else (operators, lists, string templates) is a {@link Composite} of
 * its parts. hcl4j gives function arguments as one flat list (no commas), which is all the checks need.
 */
public sealed interface Expr permits Expr.Ref, Expr.Call, Expr.ObjectLit, Expr.ForExpr, Expr.Literal, Expr.Composite, Expr.Op {

    /** 1-based line of the expression. */
    int line();

    /**
     * A reference such as {@code data.aws_subnet.shared[each.key].id}.
     *
     * @param names   the names traversed, in order ({@code data, aws_subnet, shared, id})
     * @param indexes the index expressions ({@code each.key}) and anything else nested in the traversal
     */
    record Ref(List<String> names, List<Expr> indexes, int line) implements Expr {
        public String text() {
            return String.join(".", names);
        }
    }

    /** A function call; {@code args} is hcl4j's flat list of the arguments' parts. */
    record Call(String function, List<Expr> args, List<Expr> traversal, int line) implements Expr {
    }

    /** An object literal {@code { key = value }}. */
    record ObjectLit(List<Attribute> entries, int line) implements Expr {
    }

    /** A {@code [for ...]} or {@code {for ...}} expression: its variables are in scope in its parts. */
    record ForExpr(List<String> variables, List<Expr> parts, int line) implements Expr {
    }

    /** A literal; {@code type} as hcl4j names it (string, number, boolean, null). */
    record Literal(String type, Object value, int line) implements Expr {
    }

    /** An operator between parts ({@code +}, {@code ?}, {@code :}, {@code ==}). */
    record Op(String operator, int line) implements Expr {
    }

    /** Parts of a larger expression: {@code kind} is {@code template}, {@code list} or {@code expr}. */
    record Composite(String kind, List<Expr> parts, int line) implements Expr {
    }
}
