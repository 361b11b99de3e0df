package dev.benchfleet.provider.local;

/**
 * One task runner to start on this machine.
 *
 * @param alias        the instance entry's alias
 * @param instanceType the entry's instance type (what the runner claims tasks for)
 * @param index        the runner's number within its entry, from 1
 * @param cpu          the CPU it is pinned to
 */
record RunnerSpec(String alias, String instanceType, int index, int cpu) {

    /** A name unique on this machine: run id, alias and index. */
    String name(String runId) {
        return "benchfleet-" + runId + "-" + alias + "-" + index;
    }
}
