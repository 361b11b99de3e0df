package dev.benchfleet.taskrunner.cli;

import dev.benchfleet.protocol.ApiKey;
import dev.benchfleet.protocol.CertificatePinning;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Turns arguments and environment into {@link Settings}, or into one message that lists every problem.
 * Messages never contain argument values that are not flag names, so a mistyped flag followed by
 * the API key cannot echo the key.
 */
public final class CommandLineParser {

    public static final String API_KEY_ENV = "API_KEY";
    /** The certificate pin, when not given as {@code --orchestrator-cert-sha256}. */
    public static final String CERT_SHA256_ENV = "BENCHFLEET_ORCHESTRATOR_CERT_SHA256";

    private final Map<String, String> env;
    private final Supplier<String> runnerIds;

    public CommandLineParser(Map<String, String> env, Supplier<String> runnerIds) {
        this.env = env;
        this.runnerIds = runnerIds;
    }

    public ParseOutcome parse(String... args) {
        RunnerOptions options = new RunnerOptions();
        CommandLine commandLine = new CommandLine(options);
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            return invalid(describeUnmatched(e.getUnmatched()));
        } catch (CommandLine.ParameterException e) {
            return invalid(redactSecrets(e.getMessage(), args));
        }
        if (commandLine.isUsageHelpRequested()) {
            return new ParseOutcome.Info(commandLine.getUsageMessage(CommandLine.Help.Ansi.OFF));
        }
        if (commandLine.isVersionHelpRequested()) {
            return new ParseOutcome.Info(String.join(System.lineSeparator(), commandLine.getCommandSpec().version()));
        }
        return validate(options);
    }

    private ParseOutcome validate(RunnerOptions options) {
        List<String> missing = new ArrayList<>();
        String apiKey = present(options.apiKey) ? options.apiKey : env.get(API_KEY_ENV);
        requirePresent(options.orchestratorUrl, "--orchestrator-url", missing);
        if (!present(apiKey)) {
            missing.add("--api-key (or environment variable " + API_KEY_ENV + ")");
        }
        requirePresent(options.runId, "--run-id", missing);
        requirePresent(options.provider, "--provider", missing);
        requirePresent(options.instanceType, "--instance-type", missing);

        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add("missing required option" + (missing.size() > 1 ? "s: " : ": ") + String.join(", ", missing));
        }
        URI url = null;
        if (present(options.orchestratorUrl)) {
            url = parseUrl(options.orchestratorUrl, problems);
        }
        ApiKey key = null;
        if (present(apiKey)) {
            try {
                key = ApiKey.of(apiKey.trim());
            } catch (IllegalArgumentException e) {
                problems.add("--api-key / " + API_KEY_ENV + ": " + e.getMessage());
            }
        }
        String pin = present(options.orchestratorCertSha256) ? options.orchestratorCertSha256 : env.get(CERT_SHA256_ENV);
        if (present(pin)) {
            if (!CertificatePinning.isFingerprint(pin.trim())) {
                problems.add("--orchestrator-cert-sha256 / " + CERT_SHA256_ENV + " must be the certificate's SHA-256: "
                        + "64 hex digits, colons allowed, got '" + pin.trim() + "'");
            } else if (url != null && !"https".equals(url.getScheme())) {
                problems.add("--orchestrator-cert-sha256 / " + CERT_SHA256_ENV + " pins a TLS certificate, so "
                        + "--orchestrator-url must be https://, got " + url.getScheme() + "://");
            }
        }
        Tuning tuning = Tuning.fromEnvironment(env, problems);
        if (!problems.isEmpty()) {
            return invalid(String.join(System.lineSeparator() + "  ", problems));
        }
        return new ParseOutcome.Run(new Settings(
                url,
                key,
                options.runId.trim(),
                options.provider.trim(),
                options.instanceType.trim(),
                options.mock,
                options.debug,
                options.noExit,
                present(pin) ? CertificatePinning.normalize(pin.trim()) : null,
                runnerIds.get(),
                tuning));
    }

    private static URI parseUrl(String text, List<String> problems) {
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add("--orchestrator-url must be an http:// or https:// URL with a host, got '" + text + "'");
                return null;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add("--orchestrator-url is not a valid URL: '" + text + "'");
            return null;
        }
    }

    private static void requirePresent(String value, String flag, List<String> missing) {
        if (!present(value)) {
            missing.add(flag);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String describeUnmatched(List<String> unmatched) {
        List<String> flags = new ArrayList<>();
        int positional = 0;
        for (String token : unmatched) {
            if (token.startsWith("-")) {
                int equals = token.indexOf('=');
                flags.add(equals > 0 ? token.substring(0, equals) : token);
            } else {
                positional++;
            }
        }
        List<String> parts = new ArrayList<>();
        if (!flags.isEmpty()) {
            parts.add("unknown option" + (flags.size() > 1 ? "s: " : ": ") + String.join(", ", flags));
        }
        if (positional > 0) {
            // the values themselves are not echoed: one of them could be the API key
            parts.add(positional + " unexpected argument" + (positional > 1 ? "s" : "")
                    + " that belong to no option");
        }
        return String.join("; ", parts);
    }

    // picocli messages for other parameter errors can quote a value (e.g. "--mock=x is not a boolean");
    // whatever was given as the key, on the command line or in the environment, is cut out of them.
    private String redactSecrets(String message, String[] args) {
        if (message == null) {
            return "invalid arguments";
        }
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--api-key") && i + 1 < args.length) {
                secrets.add(args[i + 1]);
            } else if (args[i].startsWith("--api-key=")) {
                secrets.add(args[i].substring("--api-key=".length()));
            }
        }
        String fromEnv = env.get(API_KEY_ENV);
        if (present(fromEnv)) {
            secrets.add(fromEnv);
        }
        String redacted = message;
        for (String secret : secrets) {
            if (!secret.isBlank()) {
                redacted = redacted.replace(secret, "****");
            }
        }
        return redacted;
    }

    private static ParseOutcome invalid(String message) {
        return new ParseOutcome.Invalid(message);
    }
}
