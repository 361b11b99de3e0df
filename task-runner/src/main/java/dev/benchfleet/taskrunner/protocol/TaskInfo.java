package dev.benchfleet.taskrunner.protocol;

/** The task part of an {@code assigned} claim answer. */
public record TaskInfo(
        TaskId id,
        String provider,
        String instanceType,
        String instanceTypeAlias,
        int runNumber,
        String rubyVersion) {

    /** The alias, or the instance type when the run config gave none. */
    public String aliasOrType() {
        return instanceTypeAlias == null || instanceTypeAlias.isBlank() ? instanceType : instanceTypeAlias;
    }
}
