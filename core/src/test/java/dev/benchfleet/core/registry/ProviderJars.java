package dev.benchfleet.core.registry;

import dev.benchfleet.core.spi.TaskRunnerProvider;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Real provider jars for the tests, compiled from source against core with the JDK's compiler. */
final class ProviderJars {

    private ProviderJars() {
    }

    /** A jar to build. */
    static Builder jar(Path file) {
        return new Builder(file);
    }

    /**
     * The source of a provider class: {@code spi} is the {@code @SpiVersion} value ({@code "CURRENT"} for the
     * constant, {@code null} for no annotation); {@code constructor} and {@code members} are pasted in.
     */
    static String provider(String className, String name, String spi, String constructor, String members) {
        int dot = className.lastIndexOf('.');
        String simple = className.substring(dot + 1);
        String annotation = spi == null ? "" : "@SpiVersion(" + ("CURRENT".equals(spi) ? "SpiVersion.CURRENT" : '"' + spi + '"') + ")";
        return "package " + className.substring(0, dot) + ";\n"
                + "import dev.benchfleet.core.spi.*;\n"
                + annotation + "\n"
                + "public final class " + simple + " implements TaskRunnerProvider {\n"
                + "  public " + simple + "() { " + constructor + " }\n"
                + "  @Override public String name() { return \"" + name + "\"; }\n"
                + "  @Override public ProviderPhase phase() { return ProviderPhase.POST_RUN; }\n"
                + "  @Override public SetupResult setup(ProviderContext context) { return SetupResult.of(java.util.List.of()); }\n"
                + members + "\n"
                + "}\n";
    }

    /** A well-behaved provider for the current SPI. */
    static String provider(String className, String name) {
        return provider(className, name, "CURRENT", "", "");
    }

    static final class Builder {

        private final Path file;
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<String> services = new ArrayList<>();
        private final Map<String, String> manifest = new LinkedHashMap<>();
        private final List<Path> classPath = new ArrayList<>();

        private Builder(Path file) {
            this.file = file;
        }

        Builder source(String className, String code) {
            sources.put(className, code);
            return this;
        }

        /** Lists a class in {@code META-INF/services/...TaskRunnerProvider}. */
        Builder service(String className) {
            services.add(className);
            return this;
        }

        /** A provider of the current SPI, compiled and registered. */
        Builder provider(String className, String name) {
            return source(className, ProviderJars.provider(className, name)).service(className);
        }

        Builder manifest(String attribute, String value) {
            manifest.put(attribute, value);
            return this;
        }

        /** More to compile against (another jar of the same provider). */
        Builder classPath(Path jar) {
            classPath.add(jar);
            return this;
        }

        Path build() {
            try {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Path classes = Files.createTempDirectory("provider-classes");
                if (!sources.isEmpty()) {
                    compile(classes);
                }
                Manifest mf = new Manifest();
                mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                manifest.forEach((key, value) -> mf.getMainAttributes().putValue(key, value));
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file), mf);
                     Stream<Path> files = Files.walk(classes)) {
                    for (Path compiled : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(classes.relativize(compiled).toString().replace(File.separatorChar, '/')));
                        out.write(Files.readAllBytes(compiled));
                        out.closeEntry();
                    }
                    if (!services.isEmpty()) {
                        out.putNextEntry(new JarEntry("META-INF/services/" + TaskRunnerProvider.class.getName()));
                        out.write(("# providers\n" + String.join("\n", services) + "\n").getBytes(StandardCharsets.UTF_8));
                        out.closeEntry();
                    }
                }
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void compile(Path output) throws IOException {
            JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
            List<String> path = new ArrayList<>();
            path.add(location(TaskRunnerProvider.class).toString());
            classPath.forEach(jar -> path.add(jar.toString()));
            List<String> options = List.of("-proc:none", "-classpath", String.join(File.pathSeparator, path),
                    "-d", output.toString());
            List<JavaFileObject> units = new ArrayList<>();
            sources.forEach((className, code) -> units.add(new Source(className, code)));
            StringWriter errors = new StringWriter();
            try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
                if (!compiler.getTask(errors, files, null, options, null, units).call()) {
                    throw new IllegalStateException("test provider does not compile:\n" + errors);
                }
            }
        }

        private static Path location(Class<?> type) {
            try {
                return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A source file held in memory. */
    private static final class Source extends SimpleJavaFileObject {

        private final String code;

        Source(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }

        @Override
        public OutputStream openOutputStream() {
            throw new UnsupportedOperationException();
        }
    }
}
