package dev.benchfleet.core.config;

import java.util.List;

/** The top-level keys of a run config that are not provider names. */
final class ConfigKeys {

    private ConfigKeys() {
    }

    static final String RUBY_VERSION = "ruby_version";
    static final String RUNS_PER_INSTANCE_TYPE = "runs_per_instance_type";
    static final String TASK_RUNNERS = "task_runners";
    static final String COUNT = "count";
    static final String LOCAL_ORCHESTRATOR = "local_orchestrator";
    static final String SKIP_INFRA = "skip_infra";
    static final String MOCK = "mock";
    static final String DEBUG = "debug";
    static final String NON_INTERACTIVE = "non_interactive";
    static final String API_KEY = "api_key";
    static final String PROVIDERS = "providers";
    static final String INSTANCE_TYPE = "instance_type";
    static final String ALIAS = "alias";
    static final String VCPUS = "vcpus";
    static final String ARCH = "arch";
    static final String SPOT = "spot";
    static final String BENCHMARK = BenchmarkSettingsReader.KEY;
    static final String PER_INSTANCE_TYPE = "per_instance_type";
    static final String TASKS = "tasks";
    static final String INSTANCES = "instances";
    static final String AUTO = "auto";
    static final String ESTIMATED_TASK_MINUTES = "estimated_task_minutes";
    static final String MAX_COST = "max_cost";

    static final List<String> TOP_LEVEL = List.of(RUBY_VERSION, RUNS_PER_INSTANCE_TYPE, PER_INSTANCE_TYPE,
            TASK_RUNNERS, LOCAL_ORCHESTRATOR, SKIP_INFRA, MOCK, DEBUG, NON_INTERACTIVE, API_KEY,
            ESTIMATED_TASK_MINUTES, MAX_COST, PROVIDERS, BENCHMARK);
    static final List<String> ENTRY = List.of(INSTANCE_TYPE, ALIAS, VCPUS, ARCH, SPOT);
    static final List<String> PER_INSTANCE = List.of(TASKS, INSTANCES);

    /** Keys starting with {@code _} are comments, anywhere in the file. */
    static boolean isComment(String key) {
        return key.startsWith("_");
    }
}
