package dev.benchfleet.report.results;

/**
 * What the report ranks: one instance entry of the config (provider + alias) run with one Ruby
 * variant. The same provider + alias in two runs is one group: its tasks are merged.
 */
public record GroupKey(String provider, String alias, String variant) implements Comparable<GroupKey> {

    /** The variant ruby-bench calls a plain {@code -e ruby::ruby} run. */
    public static final String PLAIN = "ruby";

    /** {@code aws/c7g}, or {@code aws/c7g [yjit]} for another variant. */
    public String label() {
        return provider + "/" + alias + (PLAIN.equals(variant) ? "" : " [" + variant + "]");
    }

    /** A stable identifier safe in HTML attributes and CSS. */
    public String id() {
        return (provider + "--" + alias + "--" + variant).replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    @Override
    public int compareTo(GroupKey other) {
        return label().compareTo(other.label());
    }
}
