package dev.benchfleet.terraformcheck.check;

import dev.benchfleet.terraformcheck.module.Attribute;
import dev.benchfleet.terraformcheck.module.Block;
import dev.benchfleet.terraformcheck.module.Expr;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every {@code templatefile(path, vars)} passes exactly the variables its template reads: none it does not
 * use (a renamed placeholder) and none missing (Terraform fails at plan time on those).
 */
final class TemplateFileChecks {

    private final CheckContext context;
    private final StaticStrings strings;

    TemplateFileChecks(CheckContext context) {
        this.context = context;
        this.strings = new StaticStrings(context.module());
    }

    void run() {
        for (Block block : context.module().blocks()) {
            visit(block, block);
        }
    }

    private void visit(Block top, Block block) {
        for (Attribute attribute : block.attributes()) {
            ExprWalker.calls(attribute.value(), call -> {
                if (call.function().equals("templatefile")) {
                    templatefile(top, call);
                }
            });
        }
        block.blocks().forEach(nested -> visit(top, nested));
    }

    private void templatefile(Block top, Expr.Call call) {
        int line = call.line() > 0 ? call.line() : top.line();
        List<Expr> args = call.args();
        if (args.size() < 2) {
            context.report(top.file(), line, top.address(), "templatefile() needs a path and an object of variables");
            return;
        }
        Optional<Expr.ObjectLit> vars = object(args.get(args.size() - 1));
        if (vars.isEmpty()) {
            context.report(top.file(), line, top.address(), "the variables of this templatefile() are not an object literal"
                    + " (or a local holding one), so they cannot be compared with the template's");
            return;
        }
        List<Expr> pathParts = args.subList(0, args.size() - 1);
        Expr path = pathParts.size() == 1 ? pathParts.get(0) : new Expr.Composite("expr", new ArrayList<>(pathParts), line);
        Set<String> candidates = strings.values(path);
        if (candidates.isEmpty()) {
            context.report(top.file(), line, top.address(), "the template path of this templatefile() cannot be worked out"
                    + " without running Terraform; build it from path.module, literals and locals");
            return;
        }
        List<Path> templates = candidates.stream().map(c -> context.module().dir().resolve(c).normalize())
                .filter(Files::isRegularFile).distinct().toList();
        if (templates.isEmpty()) {
            context.report(top.file(), line, top.address(), "templatefile() reads a template that does not exist: "
                    + String.join(" or ", candidates));
            return;
        }
        for (Path template : templates) {
            compare(top, line, vars.get(), template);
        }
    }

    private void compare(Block top, int line, Expr.ObjectLit vars, Path template) {
        Set<String> used;
        try {
            used = TemplateVariables.of(Files.readString(template, StandardCharsets.UTF_8));
        } catch (IOException e) {
            context.report(top.file(), line, top.address(), "cannot read the template " + template + ": " + e.getMessage());
            return;
        }
        Set<String> passed = new LinkedHashSet<>();
        String shown = context.module().dir().relativize(template).toString();
        for (Attribute entry : vars.entries()) {
            passed.add(entry.name());
            if (!used.contains(entry.name())) {
                context.report(top.file(), entry.line() > 0 ? entry.line() : line, top.address(), "templatefile() passes `"
                        + entry.name() + "` but the template " + shown + " does not use it" + ClosestName.hint(entry.name(), unpassed(used, vars)));
            }
        }
        for (String name : used) {
            if (!passed.contains(name)) {
                context.report(top.file(), line, top.address(), "the template " + shown + " uses `" + name
                        + "` but templatefile() does not pass it");
            }
        }
    }

    private static Set<String> unpassed(Set<String> used, Expr.ObjectLit vars) {
        Set<String> names = new LinkedHashSet<>(used);
        vars.entries().forEach(e -> names.remove(e.name()));
        return names;
    }

    private Optional<Expr.ObjectLit> object(Expr expr) {
        if (expr instanceof Expr.ObjectLit object) {
            return Optional.of(object);
        }
        if (expr instanceof Expr.Ref ref && ref.names().size() == 2 && ref.names().get(0).equals("local")) {
            return context.module().local(ref.names().get(1)).map(Attribute::value).flatMap(this::object);
        }
        return Optional.empty();
    }
}
