package dev.benchfleet.core.terraform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Terraform module's files, read once from the provider's jar (class path resources) or from a
 * folder, and copied into a run's {@code <provider>/terraform/} folder. Its {@link #version()} is a
 * hash of its files: two runs with the same version can share the dependency lock file.
 * Working files of a previous use ({@code .terraform/}, state, var files) are never part of a module.
 */
public final class TerraformModule {

    /** Terraform's dependency lock file. */
    public static final String LOCK_FILE = ".terraform.lock.hcl";

    private final String name;
    private final Map<String, byte[]> files;
    private final String version;

    private TerraformModule(String name, Map<String, byte[]> files) {
        this.name = Objects.requireNonNull(name, "name");
        if (files.isEmpty()) {
            throw new IllegalArgumentException("the Terraform module '" + name + "' has no files");
        }
        this.files = Collections.unmodifiableMap(new TreeMap<>(files));
        this.version = hash(this.files);
    }

    /** The module in {@code dir}. */
    public static TerraformModule fromDirectory(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no Terraform module folder at " + dir);
        }
        return new TerraformModule(name, read(dir));
    }

    /**
     * The module shipped as class path resources under {@code root} (e.g. {@code benchfleet/aws/terraform}),
     * from a folder (in the IDE, in tests) or from a jar.
     */
    public static TerraformModule fromClasspath(String name, ClassLoader loader, String root) {
        String folder = root.endsWith("/") ? root : root + "/";
        URL url = loader.getResource(folder);
        if (url == null) {
            throw new IllegalArgumentException("no Terraform module on the class path at " + folder);
        }
        try {
            URI uri = url.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                } catch (FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                try {
                    return new TerraformModule(name, read(fs.getPath(folder)));
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            }
            return new TerraformModule(name, read(Path.of(uri)));
        } catch (URISyntaxException | IOException e) {
            throw new IllegalArgumentException("cannot read the Terraform module at " + url, e);
        }
    }

    /** The module's name, e.g. {@code aws}. */
    public String name() {
        return name;
    }

    /** A hash of the module's files: same files, same version. */
    public String version() {
        return version;
    }

    /** The module's files, relative, with {@code /} separators. */
    public Set<String> files() {
        return files.keySet();
    }

    /** True when the module comes with its own dependency lock file (users may commit one). */
    public boolean hasLockFile() {
        return files.containsKey(LOCK_FILE);
    }

    /**
     * Writes the module's files into {@code dir} (created 0700 when missing), replacing older copies;
     * working files already there (state, {@code .terraform/}, var file) are left alone.
     */
    public void copyTo(Path dir) {
        try {
            PrivateFiles.createDirectories(dir);
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey()).normalize();
                if (!target.startsWith(dir.normalize())) {
                    throw new IllegalArgumentException("module file escapes its folder: " + file.getKey());
                }
                PrivateFiles.createDirectories(target.getParent());
                PrivateFiles.writeAtomically(target, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the Terraform module '" + name + "' to " + dir, e);
        }
    }

    private static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
                String relative = root.relativize(file).toString().replace(root.getFileSystem().getSeparator(), "/");
                if (isWorkingFile(relative)) {
                    continue;
                }
                files.put(relative, Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Terraform module at " + root, e);
        }
        return files;
    }

    private static boolean isWorkingFile(String relative) {
        String fileName = relative.substring(relative.lastIndexOf('/') + 1);
        return relative.startsWith(".terraform/") || fileName.startsWith("terraform.tfstate")
                || fileName.endsWith(".tfvars") || fileName.endsWith(".tfvars.json") || fileName.endsWith(".log")
                || fileName.equals(TerraformStack.INIT_MARKER);
    }

    private static String hash(Map<String, byte[]> files) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                if (file.getKey().equals(LOCK_FILE)) {
                    continue; // the lock file follows from the module, it does not define it
                }
                sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(file.getValue());
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "TerraformModule[" + name + " " + version + ", " + files.size() + " files]";
    }
}
