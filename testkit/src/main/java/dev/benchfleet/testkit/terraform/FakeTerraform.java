package dev.benchfleet.testkit.terraform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake {@code terraform} executable for tests of Terraform-backed providers: it accepts the real
 * CLI's arguments for {@code version -json}, {@code init}, {@code validate -json}, {@code apply},
 * {@code output -json}, {@code destroy} and {@code show -json} (and {@code -chdir=}), prints the real
 * machine-readable UI lines, writes a {@code terraform.tfstate}, refuses {@code init}/{@code apply}/
 * {@code destroy} without {@code -input=false}, stops cleanly on SIGINT (partial state, exit
 * non-zero) and records every call in a JSONL transcript, secret values replaced by a fingerprint.
 *
 * <pre>{@code
 * FakeTerraform fake = FakeTerraform.install(tempDir);
 * fake.script(FakeTerraformScript.builder().resource("aws_instance", "runner", Map.of()).build());
 * // point the code under test at fake.binary() (e.g. TERRAFORM_BINARY), run it, then:
 * assertThat(fake.transcript()).extracting(FakeTerraformCall::subcommand).containsExactly("version", "init", ...);
 * }</pre>
 *
 * The executable is a shell script that starts a JVM running this class (about 0.3 s per call); it
 * needs {@code /bin/sh}, so tests using it run on Linux and macOS.
 */
public final class FakeTerraform {

    static final String HOME_PROPERTY = "benchfleet.fake-terraform.home";
    static final String SCRIPT_FILE = "fake-terraform-script.json";
    static final String TRANSCRIPT_FILE = "fake-terraform-transcript.jsonl";

    private final Path home;
    private final Path binary;
    private final ObjectMapper mapper = new ObjectMapper();

    private FakeTerraform(Path home, Path binary) {
        this.home = home;
        this.binary = binary;
    }

    /** Installs the fake as {@code dir/terraform} with the default script (every call succeeds, nothing to create). */
    public static FakeTerraform install(Path dir) {
        return install(dir, "terraform");
    }

    /** Installs the fake as {@code dir/<name>} (e.g. {@code tofu}). */
    public static FakeTerraform install(Path dir, String name) {
        try {
            Path home = dir.toAbsolutePath();
            Files.createDirectories(home);
            Path binary = home.resolve(name);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String command = quote(java) + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto"
                    + " -D" + HOME_PROPERTY + "=" + quote(home.toString())
                    + " -cp " + quote(classPath()) + " " + FakeTerraform.class.getName() + " \"$@\"";
            // Real Terraform (Go) takes SIGINT even when it started with SIGINT ignored (as everything started
            // in the background by a shell without job control does); a JVM leaves an ignored SIGINT ignored.
            // GNU env resets it first where it can.
            String launcher = "#!/bin/sh\n"
                    + "if env --default-signal=INT true 2>/dev/null; then\n"
                    + "  exec env --default-signal=INT " + command + "\n"
                    + "fi\n"
                    + "exec " + command + "\n";
            Files.writeString(binary, launcher, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
            FakeTerraform fake = new FakeTerraform(home, binary);
            fake.script(FakeTerraformScript.builder().build());
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install the fake terraform in " + dir, e);
        }
    }

    /** The executable: hand it to the code under test (e.g. as {@code TERRAFORM_BINARY} or on a {@code PATH}). */
    public Path binary() {
        return binary;
    }

    /** The folder holding the launcher, the script and the transcript (suitable as a {@code PATH} entry). */
    public Path home() {
        return home;
    }

    /** Replaces the script; the next call uses it. */
    public FakeTerraform script(FakeTerraformScript script) {
        try {
            Path tmp = Files.createTempFile(home, "script", ".json");
            mapper.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), script.toJson());
            Files.move(tmp, home.resolve(SCRIPT_FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the fake terraform's script", e);
        }
    }

    /** Every call so far, in the order they started. */
    public List<FakeTerraformCall> transcript() {
        Path file = home.resolve(TRANSCRIPT_FILE);
        if (!Files.exists(file)) {
            return List.of();
        }
        Map<String, JsonNode> starts = new LinkedHashMap<>();
        Map<String, JsonNode> ends = new LinkedHashMap<>();
        Set<String> interrupted = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode record = mapper.readTree(line);
                String id = record.path("call").asText();
                switch (record.path("kind").asText()) {
                    case "start" -> starts.put(id, record);
                    case "end" -> ends.put(id, record);
                    case "interrupt" -> interrupted.add(id);
                    default -> { }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fake terraform's transcript " + file, e);
        }
        List<FakeTerraformCall> calls = new ArrayList<>();
        starts.forEach((id, start) -> {
            JsonNode end = ends.get(id);
            List<String> argv = new ArrayList<>();
            start.path("argv").forEach(a -> argv.add(a.asText()));
            Map<String, String> env = new LinkedHashMap<>();
            start.path("env").properties().forEach(e -> env.put(e.getKey(), e.getValue().asText()));
            Map<String, JsonNode> varFiles = new LinkedHashMap<>();
            start.path("var_files").properties().forEach(e -> varFiles.put(e.getKey(), e.getValue()));
            List<String> files = new ArrayList<>();
            start.path("files_before").forEach(f -> files.add(f.asText()));
            calls.add(new FakeTerraformCall(start.path("pid").asLong(), List.copyOf(argv),
                    start.path("subcommand").asText(""), start.path("cwd").asText(), Map.copyOf(env),
                    java.util.Collections.unmodifiableMap(varFiles), List.copyOf(files),
                    Instant.parse(start.path("at").asText()),
                    end == null ? null : Instant.parse(end.path("at").asText()),
                    end == null ? null : end.path("exit").asInt(),
                    interrupted.contains(id)));
        });
        return List.copyOf(calls);
    }

    /** The calls of one subcommand. */
    public List<FakeTerraformCall> calls(String subcommand) {
        return transcript().stream().filter(c -> c.subcommand().equals(subcommand)).toList();
    }

    /**
     * What the transcript shows instead of a {@code TF_VAR_*} value: {@code sha256:} and the first 12
     * hex digits of its SHA-256, so a test can check which secret arrived without the transcript holding it.
     */
    public static String fingerprint(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    /** The executable's entry point. */
    public static void main(String[] args) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null) {
            System.err.println("fake terraform: -D" + HOME_PROPERTY + " is not set; install it with FakeTerraform.install");
            System.exit(2);
        }
        int exit = new FakeTerraformCli(Path.of(home), System.getenv(), Path.of("").toAbsolutePath()).run(args);
        System.out.flush();
        System.exit(exit);
    }

    /** testkit classes + Jackson: all the fake needs, found from where the classes were loaded. */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(FakeTerraform.class, ObjectMapper.class, JsonFactory.class, JsonInclude.class)) {
            try {
                entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot locate the class path entry of " + type.getName(), e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
