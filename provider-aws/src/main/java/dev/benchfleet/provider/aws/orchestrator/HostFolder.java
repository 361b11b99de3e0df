package dev.benchfleet.provider.aws.orchestrator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.journal.SecureFiles;
import dev.benchfleet.core.spi.Secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One host's folder, {@code <base>/.benchfleet/orchestrators/aws-<region>/} (0700): {@code admin.key} (0600, made
 * once, never printed), {@code orchestrator.jar} (the copy Terraform uploads and reads again on destroy),
 * {@code host.json} (0600: what was applied and what came out), and {@code terraform/} (the module, its state
 * and log; state 0600).
 */
final class HostFolder {

    static final String PREFIX = "aws-";
    private static final String KEY_FILE = "admin.key";
    private static final String HOST_FILE = "host.json";

    private final Path dir;
    private final ObjectMapper json = new ObjectMapper();

    HostFolder(Path dir) {
        this.dir = dir;
    }

    /** The folder of the host named {@code name} ({@code aws-<region>}) under {@code baseDir}. */
    static HostFolder of(Path baseDir, String name) {
        return new HostFolder(orchestrators(baseDir).resolve(name));
    }

    static Path orchestrators(Path baseDir) {
        return baseDir.toAbsolutePath().normalize().resolve(".benchfleet").resolve("orchestrators");
    }

    /** The names of the AWS hosts kept under {@code baseDir}. */
    static java.util.List<String> names(Path baseDir) {
        Path root = orchestrators(baseDir);
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(PREFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    Path dir() {
        return dir;
    }

    Path terraformDir() {
        return dir.resolve("terraform");
    }

    Path jar() {
        return dir.resolve(OrchestratorJar.FILE_NAME);
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    /** The admin key: made on first use (0600 in the folder), the same ever after. */
    Secret adminKey() {
        Path file = dir.resolve(KEY_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                SecureFiles.privateDirectory(dir);
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                SecureFiles.writePrivate(file, HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII));
            }
            String key = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (key.length() < 32) {
                throw new ConfigException(new Problem(file.toString(), "holds no admin key (fewer than 32 characters)"),
                        "restore it from a backup, or remove the host with `nuke --orchestrator` and run again");
            }
            return Secret.of(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }

    /** Puts {@code source} in the folder as the jar Terraform uploads (replacing an older copy). */
    void copyJar(Path source) {
        try {
            SecureFiles.privateDirectory(dir);
            Path part = dir.resolve(OrchestratorJar.FILE_NAME + ".part");
            Files.copy(source, part, StandardCopyOption.REPLACE_EXISTING);
            Files.move(part, jar(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + source + " to " + jar(), e);
        }
    }

    /** What the last successful apply recorded, if there was one. */
    Optional<AppliedHost> applied() {
        Path file = dir.resolve(HOST_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = json.readTree(file.toFile());
            HostInputs inputs = new HostInputs(node.path("region").asText(), node.path("instance_type").asText(),
                    node.path("architecture").asText(), node.path("ssh_cidr").asText(), node.path("jar_sha256").asText(),
                    node.path("module_version").asText());
            return Optional.of(new AppliedHost(inputs, URI.create(node.path("url").asText()),
                    node.path("cert_pem").asText(), node.path("instance_id").asText()));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(new Problem(file.toString(), "cannot be read: " + e.getMessage()),
                    "remove the host with `nuke --orchestrator " + dir.getFileName() + "` and run again");
        }
    }

    void recordApplied(AppliedHost host) {
        ObjectNode node = json.createObjectNode()
                .put("region", host.inputs().region()).put("instance_type", host.inputs().instanceType())
                .put("architecture", host.inputs().architecture()).put("ssh_cidr", host.inputs().sshCidr())
                .put("jar_sha256", host.inputs().jarSha256()).put("module_version", host.inputs().moduleVersion())
                .put("url", host.url().toString()).put("cert_pem", host.certPem()).put("instance_id", host.instanceId())
                .put("cert_sha256", CertificateFingerprint.sha256(host.certPem()));
        try {
            SecureFiles.writePrivate(dir.resolve(HOST_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(HOST_FILE), e);
        }
    }

    /** Deletes the folder (after a successful destroy). */
    void delete() {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    /**
     * A host as the last apply left it.
     *
     * @param inputs     what it was applied with
     * @param url        its URL
     * @param certPem    its certificate
     * @param instanceId its EC2 instance
     */
    record AppliedHost(HostInputs inputs, URI url, String certPem, String instanceId) {
    }
}
