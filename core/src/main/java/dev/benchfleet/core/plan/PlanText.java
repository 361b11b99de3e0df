package dev.benchfleet.core.plan;

import dev.benchfleet.core.error.Problem;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** A {@link Plan} as lines of text for people: a table per provider and alias, totals, the assumption. */
public final class PlanText {

    private static final String[] HEADER = {"provider", "alias", "instance type", "vCPUs", "arch", "runners/inst",
        "instances", "tasks", "tasks/runner", "$/hour", "est. cost"};

    private PlanText() {
    }

    /** The plan, one line per element, without line separators. */
    public static List<String> lines(Plan plan) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ProviderPlan provider : plan.providers()) {
            for (AliasPlan alias : provider.aliases()) {
                rows.add(new String[] {provider.provider(), alias.alias(),
                    alias.instanceType() + (alias.capacity().spot() ? " (spot)" : ""),
                    String.valueOf(alias.capacity().vcpus()),
                    alias.knownArchitecture().map(Object::toString).orElse("?"),
                    String.valueOf(alias.capacity().runnersPerInstance()),
                    String.valueOf(alias.capacity().instances()),
                    String.valueOf(alias.capacity().tasks()),
                    String.valueOf(alias.capacity().rounds()),
                    price(alias), cost(alias)});
            }
        }
        rows.add(new String[] {"total", "", "", "", "", plan.runners() + " runners", String.valueOf(plan.instances()),
            String.valueOf(plan.tasks()), "", "", totalCost(plan)});

        List<String> lines = new ArrayList<>();
        lines.add("Plan for " + plan.source() + " (ruby " + plan.rubyVersion() + ")");
        lines.addAll(table(rows));
        lines.add("Assumption: " + plan.taskLength().describe() + ".");
        plan.providers().stream().flatMap(p -> p.aliases().stream())
                .map(AliasPlan::price).filter(java.util.Objects::nonNull)
                .map(p -> "Prices: on-demand in " + p.region() + ", from " + p.source() + " as of " + p.asOf() + ".")
                .distinct().forEach(lines::add);
        if (!plan.costKnown()) {
            lines.add("Cost unknown for " + String.join(", ", plan.unpricedTypes())
                    + ": the provider's catalog has no dated price for it; the total counts only priced types.");
        }
        for (ProviderPlan provider : plan.providers()) {
            provider.aliases().stream().filter(a -> a.capacity().idleRunners() > 0).forEach(a -> lines.add(
                    "Note: " + provider.provider() + "/" + a.alias() + " has " + a.capacity().containers()
                            + " runners for " + a.capacity().tasks() + " tasks: " + a.capacity().idleRunners()
                            + (a.capacity().idleRunners() == 1 ? " gets" : " get") + " no task."));
            provider.aliases().stream().filter(a -> a.capacity().spot() && a.billed()).forEach(a -> lines.add(
                    "Spot: " + provider.provider() + "/" + a.alias() + " asks for spot instances: they may be interrupted, "
                            + "and they cost at most the on-demand price, which the estimate uses as an upper bound."));
            provider.notes().forEach(note -> lines.add(provider.provider() + ": " + note));
        }
        plan.knownMaxCost().ifPresent(max -> lines.add("max_cost: " + usd(max) + (plan.costKnown()
                ? (plan.pricedCost().compareTo(max) > 0 ? " — the estimate exceeds it: a run would be refused" : " — within it")
                : " — a run would be refused while a price is unknown")));
        if (!plan.warnings().isEmpty()) {
            lines.add("Warnings (a run would stop on these; plan does not need them):");
            for (Problem warning : plan.warnings()) {
                lines.add("  - " + warning);
            }
        }
        return lines;
    }

    /** US dollars for people: cents, or a tenth of a cent below one cent so that small sums do not read $0.00. */
    static String usd(BigDecimal amount) {
        if (amount.signum() > 0 && amount.compareTo(new BigDecimal("0.01")) < 0) {
            return "$" + amount.setScale(4, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
        return "$" + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String price(AliasPlan alias) {
        if (!alias.billed()) {
            return "free";
        }
        String bound = alias.capacity().spot() ? "≤ " : "";
        return alias.knownPrice().map(p -> bound + "$" + p.usdPerHour().stripTrailingZeros().toPlainString())
                .orElse("unknown");
    }

    private static String cost(AliasPlan alias) {
        if (!alias.billed()) {
            return usd(BigDecimal.ZERO);
        }
        String bound = alias.capacity().spot() ? "≤ " : "";
        return alias.knownCost().map(cost -> bound + usd(cost)).orElse("unknown");
    }

    private static String totalCost(Plan plan) {
        return plan.costKnown() ? usd(plan.pricedCost()) : "≥ " + usd(plan.pricedCost()) + " + unknown";
    }

    private static List<String> table(List<String[]> rows) {
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + (i == row.length - 1 ? 0 : 2)));
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }
}
