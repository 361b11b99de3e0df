package dev.benchfleet.provider.local.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One docker client invocation: arguments (after the binary), extra environment for the client process
 * (container env values travel here instead of in the arguments), and the values to mask when the command
 * or its output is shown to people.
 */
record DockerCommand(List<String> args, Map<String, String> extraEnv, Set<String> secrets) {

    private static final String MASK = "****";
    /** Shorter secrets are only masked on exact match, or every "1" in a command would vanish. */
    private static final int MIN_SUBSTRING_SECRET = 4;

    DockerCommand {
        args = List.copyOf(args);
        extraEnv = Map.copyOf(extraEnv);
        secrets = Set.copyOf(secrets);
    }

    static DockerCommand of(String... args) {
        return new DockerCommand(List.of(args), Map.of(), Set.of());
    }

    static DockerCommand of(List<String> args) {
        return new DockerCommand(args, Map.of(), Set.of());
    }

    /** @return binary plus arguments with secrets masked, for messages and logs */
    List<String> display(String binary) {
        List<String> out = new ArrayList<>(args.size() + 1);
        out.add(binary);
        for (String a : args) {
            out.add(mask(a));
        }
        return out;
    }

    /** @return text with every secret occurrence replaced */
    String mask(String text) {
        String result = text;
        for (String s : secrets) {
            if (s.isEmpty()) {
                continue;
            }
            if (s.length() >= MIN_SUBSTRING_SECRET) {
                result = result.replace(s, MASK);
            } else if (result.equals(s)) {
                result = MASK;
            }
        }
        return result;
    }
}
