package dev.benchfleet.core.registry;

import dev.benchfleet.core.error.ConfigException;
import dev.benchfleet.core.error.Problem;
import dev.benchfleet.core.spi.SpiVersion;
import dev.benchfleet.core.spi.TaskRunnerProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every task runner provider an application can use: those built into it (found with
 * {@link ServiceLoader} in its own class loader) and those in provider folders, and what went wrong
 * on the way.
 *
 * <p>In a provider folder, each {@code *.jar} is one provider jar, and each sub-folder holding jars is
 * one provider with its own dependencies; anything else is ignored. Each gets its own
 * {@link ProviderClassLoader}, so it brings its own libraries. Folders are read in the order given,
 * their entries by name; a jar or folder reached twice (the same folder named twice) counts once.
 *
 * <p>What goes wrong falls in two kinds:
 * <ul>
 *   <li>{@link #warnings()}, one line each, for jars that are skipped and change nothing else: a file that is
 *       not a readable jar, a jar with no provider in it, an explicitly named folder that does not exist;</li>
 *   <li>{@link #problems()}, which stop a run before anything starts ({@link #registry()} throws): a provider
 *       whose class cannot be loaded or whose constructor throws, one built against an incompatible SPI
 *       ({@link SpiVersion}) or declaring none, two providers with one name (naming both jars), an
 *       unusable name.</li>
 * </ul>
 */
public final class ProviderInventory {

    /** Where a jar lists its providers. */
    public static final String SERVICES_ENTRY = "META-INF/services/" + TaskRunnerProvider.class.getName();

    private final List<ProviderFolder> folders;
    private final List<LoadedProvider> providers;
    private final List<String> warnings;
    private final List<Problem> problems;

    private ProviderInventory(List<ProviderFolder> folders, List<LoadedProvider> providers, List<String> warnings,
                              List<Problem> problems) {
        this.folders = List.copyOf(folders);
        this.providers = providers.stream().sorted(Comparator.comparing(LoadedProvider::name)).toList();
        this.warnings = List.copyOf(warnings);
        this.problems = List.copyOf(problems);
    }

    /**
     * Finds the providers built into {@code application}, then those in {@code folders}, in that order.
     *
     * @param application        the application's class loader: its providers are "built in"
     * @param applicationVersion the version shown for built-in providers
     * @param folders            provider folders (or single jars), in order
     */
    public static ProviderInventory load(ClassLoader application, String applicationVersion, List<ProviderFolder> folders) {
        Scan scan = new Scan();
        scan.builtIns(application, applicationVersion);
        folders.forEach(scan::folder);
        scan.checkNames();
        return new ProviderInventory(folders, scan.providers, scan.warnings, scan.problems);
    }

    /** Every provider found, by name; two with one name are both listed (and are a {@link #problems() problem}). */
    public List<LoadedProvider> providers() {
        return providers;
    }

    /** The first provider with this name. */
    public Optional<LoadedProvider> find(String name) {
        return providers.stream().filter(provider -> provider.name().equals(name)).findFirst();
    }

    /** The folders searched, in order. */
    public List<ProviderFolder> folders() {
        return folders;
    }

    /** One line per skipped jar (or missing folder), naming it and saying why. */
    public List<String> warnings() {
        return warnings;
    }

    /** What stops a run before anything starts, each naming the jar(s). */
    public List<Problem> problems() {
        return problems;
    }

    /**
     * A registry of every provider found.
     *
     * @throws ConfigException listing every {@link #problems() problem}, when there is one
     */
    public ProviderRegistry registry() {
        if (!problems.isEmpty()) {
            throw new ConfigException("loading providers", problems);
        }
        return ProviderRegistry.of(providers.stream().map(LoadedProvider::provider).toList());
    }

    /** The mutable state of one {@link #load}. */
    private static final class Scan {

        private static final ClassLoader RUNNER = ProviderInventory.class.getClassLoader();

        private final List<LoadedProvider> providers = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final Set<Path> seen = new HashSet<>();

        void builtIns(ClassLoader application, String version) {
            Iterator<TaskRunnerProvider> found = ServiceLoader.load(TaskRunnerProvider.class, application).iterator();
            while (true) {
                TaskRunnerProvider provider;
                try {
                    if (!found.hasNext()) {
                        return;
                    }
                    provider = found.next();
                } catch (ServiceConfigurationError e) {
                    problems.add(new Problem("the class path", "a provider cannot be loaded: " + e.getMessage()));
                    continue;
                }
                Class<?> type = provider.getClass();
                SpiVersion declared = type.getAnnotation(SpiVersion.class);
                String spi = declared == null ? SpiVersion.CURRENT : declared.value();
                Optional<String> incompatible = SpiCompatibility.incompatibility(spi, SpiVersion.CURRENT);
                if (incompatible.isPresent()) {
                    problems.add(new Problem(location(type).map(Path::toString).orElse("the class path"),
                            "provider " + type.getName() + " " + incompatible.get()));
                    continue;
                }
                try {
                    providers.add(new LoadedProvider(provider.name(), provider, type.getName(), Optional.empty(), version, spi));
                } catch (RuntimeException e) {
                    problems.add(new Problem("the class path", "provider " + type.getName() + ": name() threw " + e));
                }
            }
        }

        void folder(ProviderFolder folder) {
            Path path = folder.path().toAbsolutePath().normalize();
            if (Files.isRegularFile(path) && isJar(path)) {
                unit(path, List.of(path));
                return;
            }
            if (!Files.isDirectory(path)) {
                if (folder.explicit()) {
                    warnings.add("provider folder " + path + " (" + folder.source() + ") "
                            + (Files.exists(path) ? "is neither a folder nor a jar" : "does not exist"));
                }
                return;
            }
            for (Path entry : list(path, folder)) {
                if (Files.isRegularFile(entry) && isJar(entry)) {
                    unit(entry, List.of(entry));
                } else if (Files.isDirectory(entry)) {
                    List<Path> jars = list(entry, folder).stream().filter(f -> Files.isRegularFile(f) && isJar(f)).toList();
                    if (!jars.isEmpty()) {
                        unit(entry, jars);
                    }
                }
                // Anything else (notes, checksums, a folder without jars) is not a provider: ignored.
            }
        }

        private List<Path> list(Path dir, ProviderFolder folder) {
            try (Stream<Path> entries = Files.list(dir)) {
                return entries.filter(entry -> !entry.getFileName().toString().startsWith(".")).sorted().toList();
            } catch (IOException | UncheckedIOException e) {
                warnings.add("skipped " + dir + " (" + folder.source() + "): cannot be read (" + e.getMessage() + ")");
                return List.of();
            }
        }

        /** One provider: a jar, or a folder of jars. */
        private void unit(Path unit, List<Path> jars) {
            if (!seen.add(realPath(unit))) {
                return;
            }
            Map<String, Path> classes = new LinkedHashMap<>();
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    JarEntry services = file.getJarEntry(SERVICES_ENTRY);
                    if (services != null) {
                        try (InputStream in = file.getInputStream(services)) {
                            for (String name : serviceNames(in)) {
                                classes.putIfAbsent(name, jar);
                            }
                        }
                    }
                } catch (IOException | SecurityException e) {
                    warnings.add("skipped " + (jar.equals(unit) ? jar : unit + " (its " + jar.getFileName() + ")")
                            + ": not a readable jar (" + e.getMessage() + ")");
                    return;
                }
            }
            if (classes.isEmpty()) {
                warnings.add("skipped " + unit + ": no task runner provider in it (no " + SERVICES_ENTRY + ")");
                return;
            }
            ProviderClassLoader loader = new ProviderClassLoader(unit.toString(), urls(jars), RUNNER);
            int before = providers.size();
            classes.forEach((className, jar) -> provider(className, jar, loader));
            if (providers.size() == before) {
                try {
                    loader.close();
                } catch (IOException e) {
                    // nothing of it is in use; the files are closed when the JVM exits
                }
            }
        }

        private void provider(String className, Path listedIn, ProviderClassLoader loader) {
            Class<?> type;
            try {
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException e) {
                problems.add(new Problem(listedIn.toString(), "lists provider " + className + " in " + SERVICES_ENTRY
                        + ", but there is no such class"));
                return;
            } catch (LinkageError e) {
                problems.add(new Problem(listedIn.toString(), "provider " + className + " cannot be loaded (" + e
                        + "); is it built against another SPI? This runner's SPI is " + SpiVersion.CURRENT));
                return;
            }
            Path jar = location(type).orElse(listedIn);
            String where = jar.toString();
            if (!TaskRunnerProvider.class.isAssignableFrom(type)) {
                problems.add(new Problem(where, className + " is listed as a provider but does not implement "
                        + TaskRunnerProvider.class.getName()));
                return;
            }
            SpiVersion declared = type.getAnnotation(SpiVersion.class);
            if (declared == null) {
                problems.add(new Problem(where, "provider " + className + " does not say which SPI it is built against:"
                        + " annotate it with @SpiVersion(SpiVersion.CURRENT) and rebuild (this runner's SPI is "
                        + SpiVersion.CURRENT + ")"));
                return;
            }
            Optional<String> incompatible = SpiCompatibility.incompatibility(declared.value(), SpiVersion.CURRENT);
            if (incompatible.isPresent()) {
                problems.add(new Problem(where, "provider " + className + " " + incompatible.get()));
                return;
            }
            Class<? extends TaskRunnerProvider> implementation = type.asSubclass(TaskRunnerProvider.class);
            TaskRunnerProvider provider;
            String name;
            ClassLoader caller = Thread.currentThread().getContextClassLoader();
            // What ServiceLoader does, by hand so that the SPI version is checked before any code of the provider
            // runs; its own class loader is the context class loader while it initializes, as its libraries expect.
            Thread.currentThread().setContextClassLoader(loader);
            try {
                provider = implementation.getConstructor().newInstance();
                name = provider.name();
            } catch (InvocationTargetException e) {
                problems.add(new Problem(where, "provider " + className + " cannot be created: its constructor threw "
                        + e.getCause()));
                return;
            } catch (ExceptionInInitializerError e) {
                problems.add(new Problem(where, "provider " + className + " cannot be created: its static initializer threw "
                        + e.getCause()));
                return;
            } catch (NoSuchMethodException e) {
                problems.add(new Problem(where, "provider " + className + " has no public constructor without arguments"));
                return;
            } catch (ReflectiveOperationException e) {
                problems.add(new Problem(where, "provider " + className + " cannot be created: " + e
                        + " (it must be a public, concrete class)"));
                return;
            } catch (LinkageError e) {
                problems.add(new Problem(where, "provider " + className + " cannot be created (" + e
                        + "); is it built against another SPI? This runner's SPI is " + SpiVersion.CURRENT));
                return;
            } catch (RuntimeException e) {
                problems.add(new Problem(where, "provider " + className + ": name() threw " + e));
                return;
            } finally {
                Thread.currentThread().setContextClassLoader(caller);
            }
            providers.add(new LoadedProvider(name, provider, className, Optional.of(jar),
                    implementationVersion(jar), declared.value()));
        }

        /** Two providers with one name, and names a config cannot use. */
        void checkNames() {
            Map<String, List<LoadedProvider>> byName = new LinkedHashMap<>();
            providers.forEach(provider -> byName.computeIfAbsent(provider.name(), name -> new ArrayList<>()).add(provider));
            byName.forEach((name, same) -> {
                if (same.size() > 1) {
                    problems.add(new Problem("provider '" + name + "'", "more than one provider has this name: "
                            + same.stream().map(p -> p.origin() + " (" + p.className() + ")").collect(Collectors.joining(" and "))
                            + " — remove all but one of them"));
                }
            });
            Set<String> reported = new LinkedHashSet<>();
            for (LoadedProvider provider : providers) {
                try {
                    ProviderRegistry.of(List.of(provider.provider()));
                } catch (ConfigException e) {
                    e.problems().stream().filter(problem -> reported.add(problem.toString())).forEach(problems::add);
                }
            }
        }

        private static List<String> serviceNames(InputStream in) throws IOException {
            List<String> names = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment < 0 ? line : line.substring(0, comment)).strip();
                if (!name.isEmpty() && !names.contains(name)) {
                    names.add(name);
                }
            }
            return names;
        }

        private static List<URL> urls(List<Path> jars) {
            List<URL> urls = new ArrayList<>();
            for (Path jar : jars) {
                try {
                    urls.add(jar.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException("a file path is not a URL: " + jar, e);
                }
            }
            return urls;
        }

        private static boolean isJar(Path file) {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
        }

        private static Path realPath(Path path) {
            try {
                return path.toRealPath();
            } catch (IOException e) {
                return path;
            }
        }

        private static String implementationVersion(Path jar) {
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                if (manifest != null) {
                    Attributes main = manifest.getMainAttributes();
                    for (Attributes.Name key : List.of(Attributes.Name.IMPLEMENTATION_VERSION, new Attributes.Name("Bundle-Version"))) {
                        String value = main.getValue(key);
                        if (value != null && !value.isBlank()) {
                            return value.strip();
                        }
                    }
                }
            } catch (IOException | SecurityException e) {
                // read once already; a jar that cannot be read a second time has no version to show
            }
            return "unknown";
        }
    }

    /** The jar (or folder) a class was loaded from. */
    static Optional<Path> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
