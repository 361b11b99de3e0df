package dev.benchfleet.core.flow;

import dev.benchfleet.protocol.RunId;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;

/** Run ids and generated API keys, as the protocol describes them. */
public final class RunIds {

    private final Clock clock;
    private final SecureRandom random;

    public RunIds(Clock clock, SecureRandom random) {
        this.clock = clock;
        this.random = random;
    }

    /** Unix time in seconds followed by 8 random digits, e.g. {@code 173400000012345678}. */
    public String newRunId() {
        return RunId.generate(clock, random);
    }

    /** 32 hex characters. */
    public String newApiKey() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
