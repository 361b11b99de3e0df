package dev.benchfleet.core.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.Problem;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A {@link Plan} as one JSON object, for scripts ({@code plan --json}):
 * <pre>{@code
 * {"config": "...", "ruby_version": "3.4.7",
 *  "assumptions": {"estimated_task_minutes": 30, "estimated_task_minutes_source": "default", "text": "..."},
 *  "providers": {"aws": {"phase": "pre_orchestrator", "billed": true,
 *                        "aliases": {"c7g": {"instance_type": "c7g.medium", "vcpus": 1, "arch": "arm64",
 *                                            "spot": false, "runners_per_instance": 1, "instances": 3, "tasks": 3,
 *                                            "tasks_per_runner": 1, "idle_runners": 0, "hours_per_instance": 0.5,
 *                                            "price_per_hour": 0.0363, "price_source": {...},
 *                                            "estimated_cost": 0.05}},
 *                        "totals": {...}}},
 *  "totals": {"instances": 3, "runners": 3, "tasks": 3, "estimated_cost": 0.05, "priced_cost": 0.05,
 *             "unpriced_types": []},
 *  "max_cost": null, "warnings": [{"path": "...", "message": "...", "kind": "credentials"}]}
 * }</pre>
 * {@code price_per_hour} and {@code estimated_cost} are {@code null} when the price is unknown; for
 * providers that are not billed (this machine) they are 0. Costs are in US dollars, rounded to cents. For a
 * {@code "spot": true} alias the on-demand price and cost are upper bounds (spot costs at most that).
 */
public final class PlanJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private PlanJson() {
    }

    /** The plan as a JSON object. */
    public static ObjectNode toJson(Plan plan) {
        ObjectNode root = NODES.objectNode();
        root.put("config", plan.source());
        root.put("ruby_version", plan.rubyVersion());
        ObjectNode assumptions = root.putObject("assumptions");
        assumptions.put("estimated_task_minutes", plain(plan.taskLength().minutes()));
        assumptions.put("estimated_task_minutes_source", plan.taskLength().fromConfig() ? "config" : "default");
        assumptions.put("text", plan.taskLength().describe());
        ObjectNode providers = root.putObject("providers");
        for (ProviderPlan provider : plan.providers()) {
            ObjectNode node = providers.putObject(provider.provider());
            node.put("phase", provider.phase().configName());
            node.put("billed", provider.billed());
            ObjectNode aliases = node.putObject("aliases");
            provider.aliases().forEach(alias -> alias(aliases.putObject(alias.alias()), alias));
            ObjectNode totals = node.putObject("totals");
            totals.put("instances", provider.instances());
            totals.put("runners", provider.runners());
            totals.put("tasks", provider.tasks());
            money(totals, "estimated_cost", provider.costKnown() ? provider.pricedCost() : null);
            ArrayNode notes = node.putArray("notes");
            provider.notes().forEach(notes::add);
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("instances", plan.instances());
        totals.put("runners", plan.runners());
        totals.put("tasks", plan.tasks());
        money(totals, "estimated_cost", plan.estimatedCost().orElse(null));
        money(totals, "priced_cost", plan.pricedCost());
        ArrayNode unpriced = totals.putArray("unpriced_types");
        plan.unpricedTypes().forEach(unpriced::add);
        money(root, "max_cost", plan.maxCost());
        ArrayNode warnings = root.putArray("warnings");
        for (Problem warning : plan.warnings()) {
            ObjectNode item = warnings.addObject();
            item.put("path", warning.path());
            item.put("message", warning.message());
            item.put("kind", warning.kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        return root;
    }

    private static void alias(ObjectNode node, AliasPlan alias) {
        node.put("instance_type", alias.instanceType());
        node.put("vcpus", alias.capacity().vcpus());
        if (alias.architecture() == null) {
            node.putNull("arch");
        } else {
            node.put("arch", alias.architecture().label());
        }
        node.put("spot", alias.capacity().spot());
        node.put("runners_per_instance", alias.capacity().runnersPerInstance());
        node.put("instances", alias.capacity().instances());
        node.put("tasks", alias.capacity().tasks());
        node.put("tasks_per_runner", alias.capacity().rounds());
        node.put("idle_runners", alias.capacity().idleRunners());
        node.put("hours_per_instance", plain(alias.hoursPerInstance().setScale(4, RoundingMode.HALF_UP)));
        if (!alias.billed()) {
            node.put("price_per_hour", BigDecimal.ZERO);
        } else if (alias.price() == null) {
            node.putNull("price_per_hour");
        } else {
            node.put("price_per_hour", alias.price().usdPerHour());
            ObjectNode source = node.putObject("price_source");
            source.put("region", alias.price().region());
            source.put("source", alias.price().source());
            source.put("as_of", alias.price().asOf().toString());
        }
        money(node, "estimated_cost", alias.estimatedCost());
    }

    /** Without trailing zeros and never in exponent form (Jackson writes 1E+1 for a scale below 0). */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static void money(ObjectNode node, String field, BigDecimal usd) {
        if (usd == null) {
            node.putNull(field);
        } else {
            node.put(field, usd.setScale(2, RoundingMode.HALF_UP));
        }
    }
}
