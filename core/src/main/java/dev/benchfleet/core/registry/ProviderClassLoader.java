package dev.benchfleet.core.registry;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * The class loader of one provider: a jar, or a folder of jars (the provider and its own dependencies).
 * A class is looked up in this order:
 * <ol>
 *   <li>the JDK (the platform class loader is the parent; the runner's application class loader is not
 *       on the way at all);</li>
 *   <li>the packages the runner shares with every provider, {@link #SHARED_PACKAGES}, only ever from the
 *       runner: the SPI and the types its signatures use, so that a provider's
 *       {@code TaskRunnerProvider} is the runner's, even when the jar bundles its own copy of core;</li>
 *   <li>this provider's own jars.</li>
 * </ol>
 * Nothing else of the runner is visible: a provider brings every other library it uses, in whatever
 * version it likes, and the runner's copy of the same library neither clashes with it nor leaks into it.
 * Resources follow the same rule. This is the scheme of Trino's plugin class loader.
 */
public final class ProviderClassLoader extends URLClassLoader {

    /**
     * What the runner shares, as package prefixes: core (the SPI and the config, capacity and error types
     * it uses), SLF4J's API (the runner owns the logging binding), and Jackson's core, databind and
     * annotations (the SPI passes JSON trees: provider state and settings).
     */
    public static final List<String> SHARED_PACKAGES = List.of(
            "dev.benchfleet.core.",
            "org.slf4j.",
            "com.fasterxml.jackson.annotation.",
            "com.fasterxml.jackson.core.",
            "com.fasterxml.jackson.databind.");

    private static final List<String> SHARED_RESOURCES = SHARED_PACKAGES.stream()
            .map(prefix -> prefix.replace('.', '/')).toList();

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader runner;

    /**
     * @param name   names the provider in stack traces, e.g. its jar's path
     * @param jars   the provider's jars
     * @param runner where the shared packages come from: the class loader of the runner's core
     */
    public ProviderClassLoader(String name, List<URL> jars, ClassLoader runner) {
        super(name, jars.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        this.runner = runner;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> type = findLoadedClass(name);
            if (type == null) {
                type = isShared(name, SHARED_PACKAGES) ? runner.loadClass(name) : super.loadClass(name, false);
            }
            if (resolve) {
                resolveClass(type);
            }
            return type;
        }
    }

    @Override
    public URL getResource(String name) {
        return isShared(name, SHARED_RESOURCES) ? runner.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return isShared(name, SHARED_RESOURCES) ? runner.getResources(name) : super.getResources(name);
    }

    private static boolean isShared(String name, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "ProviderClassLoader[" + getName() + "]";
    }
}
