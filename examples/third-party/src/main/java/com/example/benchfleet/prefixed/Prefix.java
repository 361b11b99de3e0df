package com.example.benchfleet.prefixed;

import org.apache.commons.text.StringSubstitutor;
import org.apache.commons.text.StringTokenizer;
import org.apache.commons.text.matcher.StringMatcherFactory;

import java.util.List;
import java.util.Map;

/**
 * The command prefix: split like a shell line (quotes group words), with {@code ${alias}}, {@code ${index}}
 * (the runner's number within its entry) and {@code ${cpu}} filled in per runner. commons-text does both.
 */
final class Prefix {

    private final List<String> words;

    private Prefix(List<String> words) {
        this.words = words;
    }

    /**
     * @throws IllegalArgumentException when the line names no command
     */
    static Prefix parse(String line) {
        List<String> words = new StringTokenizer(line, StringMatcherFactory.INSTANCE.splitMatcher(),
                StringMatcherFactory.INSTANCE.quoteMatcher()).getTokenList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("names no command; e.g. 'nice -n 10' or 'taskset -c ${cpu}'");
        }
        return new Prefix(words);
    }

    /**
     * The prefix for one runner.
     *
     * @throws IllegalArgumentException naming a placeholder that is not one of alias, index, cpu
     */
    List<String> expand(String alias, int index, int cpu) {
        StringSubstitutor substitutor = new StringSubstitutor(Map.of("alias", alias, "index", index, "cpu", cpu));
        substitutor.setEnableUndefinedVariableException(true);
        return words.stream().map(word -> {
            try {
                return substitutor.replace(word);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + word + "': " + e.getMessage() + " (known: ${alias}, ${index}, ${cpu})", e);
            }
        }).toList();
    }
}
