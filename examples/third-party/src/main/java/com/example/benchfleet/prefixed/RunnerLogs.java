package com.example.benchfleet.prefixed;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The runners' logs as one tar.gz, written with this provider's own commons-compress. */
final class RunnerLogs {

    private RunnerLogs() {
    }

    /** Packs every {@code *.log} in {@code logs} into {@code archive}; returns how many. */
    static int pack(Path logs, Path archive) throws IOException {
        if (!Files.isDirectory(logs)) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(logs)) {
            files = list.filter(file -> file.getFileName().toString().endsWith(".log")).sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path log : files) {
                TarArchiveEntry entry = new TarArchiveEntry(log, "runners/" + log.getFileName());
                tar.putArchiveEntry(entry);
                Files.copy(log, tar);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
        return files.size();
    }

    /**
     * Which commons-compress this code runs with, e.g. {@code commons-compress 1.26.2}: read from the jar
     * that defines its classes (this provider's jar, once packaged), so it names the copy in use, whatever
     * other copies the JVM holds.
     */
    static String library() {
        try {
            Path jar = Path.of(TarArchiveOutputStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            try (JarFile file = new JarFile(jar.toFile())) {
                JarEntry entry = file.getJarEntry("META-INF/maven/org.apache.commons/commons-compress/pom.properties");
                Properties properties = new Properties();
                if (entry != null) {
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                }
                return "commons-compress " + properties.getProperty("version", "(unknown version)");
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "commons-compress (unknown version)";
        }
    }
}
