package dev.benchfleet.taskrunner.cli;

import dev.benchfleet.protocol.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Knobs read from environment variables: timings tests shrink, and the mock and real benchmark settings.
 * None of them is needed in production; every one has the documented default.
 */
public record Tuning(
        Duration retryWindow,
        Duration retryInitialBackoff,
        Duration retryMaxBackoff,
        Duration heartbeatInterval,
        Duration httpTimeout,
        Duration uploadTimeout,
        Duration donePollInterval,
        Duration mockDuration,
        boolean mockFail,
        URI rubyBenchUrl,
        Duration benchmarkTimeout,
        Path workRoot,
        Duration runWait) {

    public static final String RETRY_WINDOW = "BENCHFLEET_RETRY_WINDOW";
    public static final String RETRY_INITIAL_BACKOFF = "BENCHFLEET_RETRY_INITIAL_BACKOFF";
    public static final String RETRY_MAX_BACKOFF = "BENCHFLEET_RETRY_MAX_BACKOFF";
    public static final String HEARTBEAT_INTERVAL = "BENCHFLEET_HEARTBEAT_INTERVAL";
    public static final String HTTP_TIMEOUT = "BENCHFLEET_HTTP_TIMEOUT";
    public static final String UPLOAD_TIMEOUT = "BENCHFLEET_UPLOAD_TIMEOUT";
    public static final String DONE_POLL_INTERVAL = "BENCHFLEET_DONE_POLL_INTERVAL";
    public static final String MOCK_DURATION = "BENCHFLEET_MOCK_DURATION";
    public static final String MOCK_FAIL = "BENCHFLEET_MOCK_FAIL";
    public static final String RUBY_BENCH_URL = "BENCHFLEET_RUBY_BENCH_URL";
    public static final String BENCHMARK_TIMEOUT = "BENCHFLEET_BENCHMARK_TIMEOUT";
    public static final String WORK_DIR = "BENCHFLEET_WORK_DIR";
    /**
     * How long a runner started before its run exists (the local provider starts runners while the
     * orchestrator comes up) keeps asking for it while the claim answers 404; 0 (the default): a run
     * that is not there ends the runner at once.
     */
    public static final String RUN_WAIT = "BENCHFLEET_RUN_WAIT";

    public static final URI DEFAULT_RUBY_BENCH_URL = URI.create("https://github.com/ruby/ruby-bench");

    /**
     * Reads every knob from {@code env}; a malformed value is reported with the variable's name,
     * all problems at once, added to {@code problems} (left untouched when all is well).
     */
    public static Tuning fromEnvironment(Map<String, String> env, List<String> problems) {
        Reader reader = new Reader(env, problems);
        return new Tuning(
                reader.duration(RETRY_WINDOW, Duration.ofMinutes(10)),
                reader.duration(RETRY_INITIAL_BACKOFF, Duration.ofMillis(500)),
                reader.duration(RETRY_MAX_BACKOFF, Duration.ofSeconds(15)),
                reader.positiveDuration(HEARTBEAT_INTERVAL, Duration.ofSeconds(30)),
                reader.positiveDuration(HTTP_TIMEOUT, Duration.ofSeconds(30)),
                reader.positiveDuration(UPLOAD_TIMEOUT, Duration.ofMinutes(10)),
                reader.positiveDuration(DONE_POLL_INTERVAL, Duration.ofSeconds(30)),
                reader.duration(MOCK_DURATION, Duration.ofSeconds(3)),
                reader.bool(MOCK_FAIL),
                reader.value(RUBY_BENCH_URL, DEFAULT_RUBY_BENCH_URL, Tuning::parseUri),
                reader.positiveDuration(BENCHMARK_TIMEOUT, Duration.ofHours(6)),
                reader.value(WORK_DIR, Path.of(System.getProperty("java.io.tmpdir")), Path::of),
                reader.duration(RUN_WAIT, Duration.ZERO));
    }

    private static URI parseUri(String text) {
        URI uri = URI.create(text.trim());
        if (uri.getScheme() == null) {
            throw new IllegalArgumentException("'" + text + "' is not a URL");
        }
        return uri;
    }

    /** Collects problems instead of failing at the first, so one run shows them all. */
    private static final class Reader {
        private final Map<String, String> env;
        private final List<String> problems;

        Reader(Map<String, String> env, List<String> problems) {
            this.env = env;
            this.problems = problems;
        }

        Duration duration(String name, Duration fallback) {
            return value(name, fallback, Durations::parse);
        }

        Duration positiveDuration(String name, Duration fallback) {
            Duration parsed = duration(name, fallback);
            if (parsed.isZero()) {
                problems.add(name + " must be more than 0");
                return fallback;
            }
            return parsed;
        }

        boolean bool(String name) {
            return value(name, false, text -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> true;
                case "false", "0", "no", "" -> false;
                default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
            });
        }

        <T> T value(String name, T fallback, Function<String, T> parser) {
            String raw = env.get(name);
            if (raw == null || raw.isBlank()) {
                return fallback;
            }
            try {
                return parser.apply(raw);
            } catch (RuntimeException e) {
                problems.add("environment variable " + name + ": " + e.getMessage());
                return fallback;
            }
        }
    }
}
