package dev.benchfleet.core.spi;

/** How a provider turns runs into machines (guide step 3). */
public enum CapacityModel {
    /**
     * Cloud VMs: the cap defaults to the instance type's vCPUs, and as many instances are started
     * as the runs need: {@code ceil(runs_per_instance_type / effective_vcpu)}.
     */
    CLOUD,
    /**
     * One machine, this one: the cap defaults to 1, and each entry starts its runners on the single
     * host.
     */
    SINGLE_HOST
}
