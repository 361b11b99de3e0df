package dev.benchfleet.orchestrator.cli;

import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the stand-alone orchestrator ({@code java -jar orchestrator.jar ...}). It prints
 * one line with its URL once it accepts requests and runs until the process is stopped.
 *
 * <p>The API key should come from the {@code API_KEY} environment variable: {@code --api-key} is
 * accepted too, but a command line is visible to every user of the machine.
 */
@Command(name = "benchfleet-orchestrator", mixinStandardHelpOptions = true, version = "benchfleet-orchestrator",
        description = "Serves the Benchfleet orchestrator protocol.")
public final class OrchestratorMain implements Callable<Integer> {

    static final String KEY_VARIABLE = "API_KEY";

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port, 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port = 8080;

    @Option(names = "--api-key", paramLabel = "KEY", description = "API key (prefer the API_KEY environment variable).")
    String apiKey;

    @Option(names = "--data-dir", paramLabel = "DIR", required = true,
            description = "Folder for the H2 database, uploads and results archives.")
    Path dataDir;

    @Option(names = "--heartbeat-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Fail held tasks silent this long, e.g. 120s, 2m (default: 120s).")
    Duration heartbeatTimeout = Duration.ofSeconds(120);

    @Option(names = "--public-url", paramLabel = "URL",
            description = "Base URL runners and the master reach this server at (default: the bound URL).")
    String publicUrl;

    @Option(names = "--jdbc-url", paramLabel = "JDBC_URL",
            description = "Use this database (e.g. jdbc:postgresql://host/db?user=u&password=p) instead of H2.")
    String jdbcUrl;

    @Option(names = "--retry-after", paramLabel = "SECONDS",
            description = "retry_after_seconds of 'wait' claim answers (default: ${DEFAULT-VALUE}).")
    int retryAfter = 1;

    @Option(names = "--local-upload-paths",
            description = "Hand runners on this host file paths instead of upload URLs.")
    boolean localUploadPaths;

    private final Map<String, String> env;
    private final PrintWriter out;
    private final Consumer<Orchestrator> onStarted;

    OrchestratorMain(Map<String, String> env, PrintWriter out, Consumer<Orchestrator> onStarted) {
        this.env = env;
        this.out = out;
        this.onStarted = onStarted;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = run(args, System.getenv(), out, err, orchestrator -> Runtime.getRuntime()
                .addShutdownHook(new Thread(orchestrator::close, "orchestrator-shutdown")));
        if (code != 0) {
            System.exit(code);
        }
        // exit code 0: the server's non-daemon threads keep the process alive until it is stopped
    }

    /**
     * Parses {@code args} and starts the server. Returns 0 once it runs (or after --help), 2 for bad
     * arguments, 1 when it cannot start; errors are one clear line on {@code err}, never a stack trace.
     */
    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err,
                   Consumer<Orchestrator> onStarted) {
        CommandLine cli = new CommandLine(new OrchestratorMain(env, out, onStarted));
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println("benchfleet-orchestrator: " + e.getMessage());
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        String key = apiKey != null ? apiKey : env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no API key: set " + KEY_VARIABLE + " or pass --api-key");
        }
        OrchestratorOptions options = OrchestratorOptions.builder()
                .bindAddress(bind)
                .port(port)
                .apiKey(key.strip())
                .dataDir(dataDir)
                .heartbeatTimeout(heartbeatTimeout)
                .publicUrl(publicUrl == null ? null : uri(publicUrl))
                .jdbcUrl(jdbcUrl)
                .retryAfterSeconds(retryAfter)
                .localUploadPaths(localUploadPaths)
                .build();
        Orchestrator orchestrator = Orchestrator.start(options);
        onStarted.accept(orchestrator);
        out.println("Orchestrator listening on " + orchestrator.url() + " (dashboard " + orchestrator.dashboardUrl()
                + ")");
        out.flush();
        return 0;
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: '" + value + "'");
        }
    }
}
