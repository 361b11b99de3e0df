package dev.benchfleet.provider.aws.api;

/**
 * An EC2 instance as the sweep sees it.
 *
 * @param id    {@code i-...}
 * @param state EC2's state name: {@code pending}, {@code running}, {@code shutting-down}, {@code terminated},
 *              {@code stopping}, {@code stopped}
 */
public record Ec2Instance(String id, String state) {

    /** True once the instance is gone for good (it stops billing). */
    public boolean isTerminated() {
        return "terminated".equals(state);
    }

    /** True when a terminate call is still needed. */
    public boolean needsTerminate() {
        return !isTerminated() && !"shutting-down".equals(state);
    }
}
