package com.bertramlabs.plugins.hcl4j;

import com.bertramlabs.plugins.hcl4j.symbols.Symbol;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * hcl4j's lexer output: the symbol tree (blocks, attributes, expressions) with the line of every symbol.
 *
 * <p>Why in hcl4j's package: its {@code HCLParser} only returns the evaluated map, which has lost the lines
 * and evaluates expressions it cannot evaluate to null; the lexer that builds the tree is package-private.
 * This one class is the narrow, compile-time-checked bridge to it (no reflection).
 */
public final class HclSymbolTree {

    private HclSymbolTree() {
    }

    /** The top-level symbols of one HCL text, in order. */
    public static List<Symbol> parse(Reader reader) throws IOException, HCLParserException {
        HCLLexer lexer = new HCLLexer(reader);
        lexer.yylex();
        return List.copyOf(lexer.elementStack);
    }
}
