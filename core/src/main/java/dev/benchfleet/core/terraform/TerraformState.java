package dev.benchfleet.core.terraform;

import java.util.List;

/**
 * What a state holds, from {@code show -json}: the managed and data resources by address. Attribute
 * values are not kept (they may be sensitive); the id is, so that a report can name what is left.
 *
 * @param terraformVersion the version that wrote the state; empty when there is no state
 * @param resources        every resource instance, in Terraform's order, child modules included
 */
public record TerraformState(String terraformVersion, List<Resource> resources) {

    public TerraformState {
        resources = List.copyOf(resources);
    }

    /** True when there is nothing to destroy. */
    public boolean isEmpty() {
        return managed().isEmpty();
    }

    /** Only what Terraform created (mode {@code managed}), not data sources. */
    public List<Resource> managed() {
        return resources.stream().filter(r -> "managed".equals(r.mode())).toList();
    }

    /**
     * One resource instance.
     *
     * @param address e.g. {@code aws_instance.runner["c8g-1"]}
     * @param mode    {@code managed} or {@code data}
     * @param type    e.g. {@code aws_instance}
     * @param id      the {@code id} attribute, empty when it has none
     */
    public record Resource(String address, String mode, String type, String id) { }
}
