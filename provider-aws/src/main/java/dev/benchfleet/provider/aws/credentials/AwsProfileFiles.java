package dev.benchfleet.provider.aws.credentials;

import dev.benchfleet.core.spi.Environment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS CLI's shared files, {@code ~/.aws/credentials} and {@code ~/.aws/config} (or
 * {@code AWS_SHARED_CREDENTIALS_FILE} / {@code AWS_CONFIG_FILE}), read as plain INI text. Validation may
 * read files but not run the SDK's credential chain (which may call the instance metadata service), so
 * this reads exactly what the chain would look at and nothing else. Values are kept in memory only to
 * decide what is <em>present</em>; nothing here prints them.
 *
 * @param credentialsFile where the credentials file is (it may not exist)
 * @param configFile      where the config file is (it may not exist)
 * @param credentials     section name → keys of the credentials file ({@code [name]})
 * @param config          profile name → keys of the config file ({@code [profile name]}, {@code [default]})
 */
public record AwsProfileFiles(Path credentialsFile, Path configFile, Map<String, Map<String, String>> credentials,
                              Map<String, Map<String, String>> config) {

    /** Reads the files the environment points at; a file that is missing or unreadable counts as empty. */
    public static AwsProfileFiles read(Environment environment) {
        Optional<Path> home = environment.get("HOME").map(Path::of);
        Path credentialsFile = environment.get("AWS_SHARED_CREDENTIALS_FILE").map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws").resolve("credentials")).orElse(null));
        Path configFile = environment.get("AWS_CONFIG_FILE").map(Path::of)
                .orElseGet(() -> home.map(h -> h.resolve(".aws").resolve("config")).orElse(null));
        return new AwsProfileFiles(credentialsFile, configFile, parse(credentialsFile, false), parse(configFile, true));
    }

    /** The profile's keys from the credentials file. */
    public Map<String, String> credentialsOf(String profile) {
        return credentials.getOrDefault(profile, Map.of());
    }

    /** The profile's keys from the config file. */
    public Map<String, String> configOf(String profile) {
        return config.getOrDefault(profile, Map.of());
    }

    /**
     * Sections by profile name. In the config file a profile is {@code [profile name]} except
     * {@code [default]}; {@code [sso-session x]} and {@code [services x]} sections are kept under their full
     * header so that an {@code sso_session} reference can be checked.
     */
    static Map<String, Map<String, String>> parse(Path file, boolean configStyle) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        if (file == null || !Files.isRegularFile(file)) {
            return sections;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return sections;
        }
        Map<String, String> current = null;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                String header = line.substring(1, line.length() - 1).strip().replaceAll("\\s+", " ");
                String name = header;
                if (configStyle && header.startsWith("profile ")) {
                    name = header.substring("profile ".length()).strip();
                }
                current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (current != null && eq > 0 && !Character.isWhitespace(raw.charAt(0))) {
                current.put(line.substring(0, eq).strip().toLowerCase(java.util.Locale.ROOT), line.substring(eq + 1).strip());
            }
        }
        return sections;
    }

    @Override
    public String toString() {
        return "AwsProfileFiles[" + credentialsFile + ", " + configFile + "]";
    }
}
