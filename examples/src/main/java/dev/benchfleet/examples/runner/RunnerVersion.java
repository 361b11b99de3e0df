package dev.benchfleet.examples.runner;

import picocli.CommandLine;

/** {@code --version}: the version the jar was built as. */
final class RunnerVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = RunnerVersion.class.getPackage().getImplementationVersion();
        return new String[]{"benchfleet " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version()};
    }
}
