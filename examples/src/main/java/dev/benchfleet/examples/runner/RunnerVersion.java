package dev.benchfleet.examples.runner;

import picocli.CommandLine;

/** {@code --version}: the version the jar was built as. */
final class RunnerVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[]{"benchfleet " + version(), "Java " + Runtime.version()};
    }

    /** The version in runner.jar's manifest, or {@code (development build)} when running from classes. */
    static String version() {
        String version = RunnerVersion.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }
}
