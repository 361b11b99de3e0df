package dev.benchfleet.orchestrator.uploads;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks upload URLs: {@code /uploads/<object key>?expires=<epoch s>&signature=<HMAC>}.
 * The HMAC-SHA256 covers the key and the expiry, so a URL allows writing exactly one object until
 * it expires. The secret is random, kept in a 0600 file in the data folder, so URLs handed out
 * before a restart still work after it.
 */
public final class UploadSigner {

    private static final String ALGORITHM = "HmacSHA256";
    private static final java.util.regex.Pattern EXPIRES = java.util.regex.Pattern.compile("\\d{1,12}");
    /**
     * Initialised once: looking the algorithm up and keying it on every request cost more than the
     * HMAC itself. Each signature works on a clone (a Mac is not thread-safe; a clone keeps the key).
     */
    private final Mac keyed;

    private UploadSigner(byte[] secret) {
        try {
            this.keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(secret, ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * The secret every replica on the database shares (an upload URL handed out by one replica is
     * accepted by all), created by the first.
     */
    public static UploadSigner shared(dev.benchfleet.orchestrator.store.Store store, SecureRandom random)
            throws IOException {
        byte[] fresh = new byte[32];
        random.nextBytes(fresh);
        String hex = store.inTransaction(() -> store.sharedSecret("url-signing-key", HexFormat.of().formatHex(fresh)));
        try {
            return new UploadSigner(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IOException("The shared URL signing key in the database is not hex", e);
        }
    }

    /** Loads the secret from {@code file}, creating it (0600, 32 random bytes) when absent. */
    public static UploadSigner loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            byte[] fresh = new byte[32];
            random.nextBytes(fresh);
            try {
                if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } else {
                    Files.createFile(file);
                }
                Files.writeString(file, HexFormat.of().formatHex(fresh), StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another process created it first; use theirs
            }
        }
        String hex = Files.readString(file, StandardCharsets.US_ASCII).strip();
        try {
            byte[] bytes = HexFormat.of().parseHex(hex);
            if (bytes.length < 16) {
                throw new IOException("URL signing key in " + file + " is too short");
            }
            return new UploadSigner(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("URL signing key in " + file + " is not hex", e);
        }
    }

    /** The query string ({@code expires=...&signature=...}) that allows uploading {@code key} until {@code expires}. */
    public String query(String key, Instant expires) {
        long seconds = expires.getEpochSecond();
        return "expires=" + seconds + "&signature=" + sign(key, seconds);
    }

    /** True when {@code signature} was made by {@link #query} for this key and expiry and it has not expired. */
    public boolean verify(String key, String expires, String signature, Instant now) {
        if (key == null || expires == null || signature == null || !EXPIRES.matcher(expires).matches()) {
            return false;
        }
        long seconds = Long.parseLong(expires);
        byte[] expected = sign(key, seconds).getBytes(StandardCharsets.US_ASCII);
        boolean genuine = MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        return genuine && now.getEpochSecond() < seconds;
    }

    private String sign(String key, long expires) {
        try {
            Mac mac = (Mac) keyed.clone();
            byte[] digest = mac.doFinal((key + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's HmacSHA256 can be cloned", e);
        }
    }

    @Override
    public String toString() {
        return "UploadSigner[secret redacted]";
    }
}
