package dev.benchfleet.taskrunner.protocol;

/**
 * Where the archives go. The URLs are credentials in themselves (signed or unguessable), so
 * {@link #toString()} leaves them out; a URL starting with {@code /} is a local path.
 */
public record UploadUrls(String resultUploadUrl, String errorUploadUrl, String resultKey, String errorKey) {

    @Override
    public String toString() {
        return "UploadUrls[resultKey=" + resultKey + ", errorKey=" + errorKey + "]";
    }
}
