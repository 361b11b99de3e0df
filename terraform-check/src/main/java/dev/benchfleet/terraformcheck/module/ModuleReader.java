package dev.benchfleet.terraformcheck.module;

import com.bertramlabs.plugins.hcl4j.HCLParserException;
import com.bertramlabs.plugins.hcl4j.HclSymbolTree;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedObject;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.ComputedTuple;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Function;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Operator;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.StringInterpolatedExpression;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.Variable;
import com.bertramlabs.plugins.hcl4j.RuntimeSymbols.VariableTree;
import com.bertramlabs.plugins.hcl4j.symbols.HCLArray;
import com.bertramlabs.plugins.hcl4j.symbols.HCLAttribute;
import com.bertramlabs.plugins.hcl4j.symbols.HCLBlock;
import com.bertramlabs.plugins.hcl4j.symbols.HCLValue;
import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the {@code .tf} files of a folder through hcl4j's symbol tree (which keeps lines). */
public final class ModuleReader {

    private static final Pattern PARSER_LINE = Pattern.compile("[Ll]ine:? ?(\\d+)");

    /** Whether {@code dir} holds at least one {@code .tf} file. */
    public static boolean hasTerraformFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".tf") && Files.isRegularFile(f));
        } catch (IOException e) {
            return false;
        }
    }

    public TerraformModule read(Path folder) {
        Path dir = folder.toAbsolutePath().normalize();
        List<Block> blocks = new ArrayList<>();
        List<TerraformModule.ParseError> errors = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".tf") && Files.isRegularFile(f)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path file : files) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                FileSymbols converter = new FileSymbols(file, new ObjectForBody(text));
                for (Symbol symbol : HclSymbolTree.parse(new java.io.StringReader(text))) {
                    if (symbol instanceof HCLBlock block) {
                        blocks.add(converter.block(block));
                    }
                }
            } catch (HCLParserException | RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                Matcher line = PARSER_LINE.matcher(message);
                errors.add(new TerraformModule.ParseError(file, line.find() ? Integer.parseInt(line.group(1)) : 0,
                        "hcl4j cannot parse this file: " + message));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new TerraformModule(dir, blocks, errors);
    }

    /** Converts the symbols of one file, whose text fills in what hcl4j's tree leaves out. */
    private static final class FileSymbols {

        private final Path file;
        private final ObjectForBody objectForBodies;

        FileSymbols(Path file, ObjectForBody objectForBodies) {
            this.file = file;
            this.objectForBodies = objectForBodies;
        }

        Block block(HCLBlock symbol) {
            List<String> names = symbol.blockNames == null ? List.of(symbol.getName()) : symbol.blockNames;
            List<Attribute> attributes = new ArrayList<>();
            List<Block> blocks = new ArrayList<>();
            for (Symbol child : children(symbol)) {
                if (child instanceof HCLAttribute attribute) {
                    attributes.add(attribute(attribute));
                } else if (child instanceof HCLBlock nested) {
                    blocks.add(block(nested));
                }
            }
            return new Block(file, line(symbol), names.get(0), names.subList(1, names.size()), attributes, blocks);
        }

        Attribute attribute(HCLAttribute symbol) {
            List<Expr> parts = exprs(children(symbol));
            Expr value = parts.size() == 1 ? parts.get(0) : new Expr.Composite("expr", parts, line(symbol));
            return new Attribute(symbol.getName(), line(symbol), value);
        }

        List<Expr> exprs(List<Symbol> symbols) {
            return symbols.stream().map(this::expr).toList();
        }

        Expr expr(Symbol symbol) {
            int line = line(symbol);
            if (symbol instanceof HCLValue value) {
                Expr.Literal literal = new Expr.Literal(String.valueOf(value.type), value.value, line);
                if (value.value instanceof String text && TextReferences.hasTemplateSequence(text)) {
                    // a heredoc: hcl4j keeps its template as text; its symbol's line is the closing marker's
                    int first = line - (int) text.chars().filter(ch -> ch == '\n').count();
                    TextReferences.Found found = TextReferences.inTemplate(text,
                            offset -> first + (int) text.substring(0, offset).chars().filter(ch -> ch == '\n').count());
                    List<Expr> parts = new ArrayList<>();
                    parts.add(literal);
                    parts.addAll(found.references());
                    return new Expr.ForExpr(found.variables(), parts, line);
                }
                return literal;
            }
            if (symbol instanceof HCLBlock object) {
                List<Attribute> entries = new ArrayList<>();
                for (Symbol child : children(object)) {
                    if (child instanceof HCLAttribute attribute) {
                        entries.add(attribute(attribute));
                    }
                }
                return new Expr.ObjectLit(entries, line);
            }
            if (symbol instanceof HCLArray) {
                return new Expr.Composite("list", exprs(children(symbol)), line);
            }
            if (symbol instanceof Operator) {
                return new Expr.Op(symbol.getName(), line);
            }
            if (symbol instanceof VariableTree tree) {
                return variableTree(tree);
            }
            if (symbol instanceof Function function) {
                return new Expr.Call(function.getName(), exprs(children(function)), List.of(), line);
            }
            if (symbol instanceof Variable variable) {
                return new Expr.Ref(List.of(variable.getName()), List.of(), line);
            }
            if (symbol instanceof ComputedTuple tuple) {
                return new Expr.ForExpr(names(tuple.getVariables()), exprs(children(tuple)), line);
            }
            if (symbol instanceof ComputedObject object) {
                // hcl4j keeps only the source of an object for; the body's references come from the text
                TextReferences.Found body = objectForBodies.at(symbol.getPosition() == null ? -1 : symbol.getPosition().intValue());
                List<Expr> parts = new ArrayList<>(exprs(children(object)));
                parts.addAll(body.references());
                return new Expr.ForExpr(List.copyOf(ObjectForBody.names(names(object.getVariables()), body.variables())), parts, line);
            }
            if (symbol instanceof StringInterpolatedExpression) {
                return new Expr.Composite("template", exprs(children(symbol)), line);
            }
            return new Expr.Composite("expr", exprs(children(symbol)), line);
        }

        Expr variableTree(VariableTree tree) {
            List<Symbol> children = children(tree);
            int line = line(tree);
            if (!children.isEmpty() && children.get(0) instanceof Function function) {
                return new Expr.Call(function.getName(), exprs(children(function)), exprs(children.subList(1, children.size())), line);
            }
            List<String> names = new ArrayList<>();
            List<Expr> indexes = new ArrayList<>();
            for (Symbol child : children) {
                if (child instanceof Variable variable && !(child instanceof VariableTree)) {
                    names.add(variable.getName());
                } else {
                    indexes.add(expr(child));
                }
            }
            return new Expr.Ref(names, indexes, line);
        }
    }

    private static List<String> names(List<Variable> variables) {
        return variables == null ? List.of() : variables.stream().map(Variable::getName).toList();
    }

    private static List<Symbol> children(Symbol symbol) {
        return symbol.getChildren() == null ? List.of() : symbol.getChildren();
    }

    /** hcl4j counts lines from 0. */
    private static int line(Symbol symbol) {
        return symbol.getLine() == null ? 0 : symbol.getLine() + 1;
    }
}
