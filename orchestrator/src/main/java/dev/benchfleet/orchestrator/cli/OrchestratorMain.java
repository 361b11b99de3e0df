package dev.benchfleet.orchestrator.cli;

import dev.benchfleet.orchestrator.Orchestrator;
import dev.benchfleet.orchestrator.OrchestratorOptions;
import dev.benchfleet.orchestrator.http.ClientGuard;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
    private static final String LOG_LEVEL_PREFIX = "org.slf4j.simpleLogger.log.";

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

    @Option(names = "--api-key-file", paramLabel = "FILE",
            description = "Read the API key from this file (first line; must be readable by its owner only, chmod 600).")
    Path apiKeyFile;

    @Option(names = "--tls-cert", paramLabel = "PEM",
            description = "Serve HTTPS only, with this PEM certificate chain (server certificate first).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM",
            description = "Unencrypted PKCS#8 PEM private key of --tls-cert (BEGIN PRIVATE KEY).")
    Path tlsKey;

    @Option(names = "--header-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time a connection gets to send a complete request head between requests (default: 20s).")
    Duration headerTimeout;

    @Option(names = "--body-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Time a request body gets, plus 1 s per 16 KiB of it (default: 30s).")
    Duration bodyTimeout;

    @Option(names = "--max-requests-per-address", paramLabel = "N",
            description = "Requests in progress per client address; more get 429 (default: 64).")
    Integer maxRequestsPerAddress;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open connections per client address; more are closed (default: 1024).")
    Integer maxConnectionsPerAddress;

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
        // Library start-up lines (Jetty's banner, the pool, Flyway's checks) are noise next to our one
        // "listening" line; their warnings still show.
        for (String library : List.of("org.eclipse.jetty", "com.zaxxer.hikari", "org.flywaydb")) {
            String property = LOG_LEVEL_PREFIX + library;
            if (System.getProperty(property) == null) {
                System.setProperty(property, "warn");
            }
        }
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
        if (apiKey != null && apiKeyFile != null) {
            throw new IllegalArgumentException("give the API key once: --api-key or --api-key-file, not both");
        }
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both or neither");
        }
        String key = apiKeyFile != null ? ApiKeyFile.read(apiKeyFile) : apiKey != null ? apiKey : env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("no API key: set " + KEY_VARIABLE + ", pass --api-key-file or --api-key");
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
                .tls(tlsCert, tlsKey)
                .clientLimits(limits())
                .build();
        Orchestrator orchestrator = Orchestrator.start(options);
        onStarted.accept(orchestrator);
        out.println("Orchestrator listening on " + orchestrator.url() + " (dashboard " + orchestrator.dashboardUrl()
                + ")");
        out.flush();
        return 0;
    }

    private ClientGuard.Limits limits() {
        ClientGuard.Limits d = ClientGuard.Limits.defaults();
        return new ClientGuard.Limits(
                maxConnectionsPerAddress != null ? maxConnectionsPerAddress : d.maxConnectionsPerAddress(),
                maxRequestsPerAddress != null ? maxRequestsPerAddress : d.maxRequestsPerAddress(),
                headerTimeout != null ? headerTimeout : d.headerTimeout(),
                bodyTimeout != null ? bodyTimeout : d.bodyTimeout(), d.minBodyBytesPerSecond());
    }

    private static URI uri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--public-url is not a URL: '" + value + "'");
        }
    }
}
