package dev.benchfleet.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Run-scoped runner tokens: {@code bfr1.<run id>.<HMAC-SHA256 of the run id, base64url>}, keyed with the
 * admin API key. A token names its run, so the orchestrator checks it without a lookup, and it reveals
 * nothing about the key (HMAC is one-way).
 *
 * <p>Why the admin key and not a random secret of the orchestrator's: everything that must derive the
 * same token already holds that key and nothing else in common — every replica behind a load balancer,
 * and the master, which must hand the token to cloud providers whose machines are created before the
 * orchestrator answers (the {@code pre_orchestrator} phase). The orchestrator still refuses a token once
 * its run has ended or was stopped; that check is its own (it needs the run's status).
 */
public final class RunnerTokens {

    private static final String PREFIX = "bfr1.";
    private static final String ALGORITHM = "HmacSHA256";
    /** Domain separation: this HMAC of the key is for runner tokens and nothing else. */
    private static final String PURPOSE = "benchfleet runner token v1\n";
    private static final Pattern TOKEN = Pattern.compile("bfr1\\.([0-9A-Za-z_-]{1,64})\\.([A-Za-z0-9_-]{43})");

    private RunnerTokens() {
    }

    /** The runner token of {@code runId} under {@code adminKey}. */
    public static String derive(ApiKey adminKey, String runId) {
        Wire.require(runId, "run_id");
        return PREFIX + runId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(adminKey, runId));
    }

    /** The run a presented credential is a runner token of, when it has a token's shape (not yet checked). */
    public static Optional<String> runIdOf(String presented) {
        if (presented == null) {
            return Optional.empty();
        }
        Matcher m = TOKEN.matcher(presented);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether {@code presented} is the token of {@code runId} under {@code adminKey}; constant time in the MAC. */
    public static boolean verify(ApiKey adminKey, String runId, String presented) {
        Optional<String> named = runIdOf(presented);
        if (named.isEmpty() || !named.get().equals(runId)) {
            return false;
        }
        byte[] expected = derive(adminKey, runId).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, presented.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] mac(ApiKey adminKey, String runId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(adminKey.secretBytes(), ALGORITHM));
            return mac.doFinal((PURPOSE + runId).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
