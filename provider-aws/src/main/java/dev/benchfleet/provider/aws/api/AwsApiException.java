package dev.benchfleet.provider.aws.api;

/**
 * An AWS API call failed with an error code ({@code DependencyViolation}, {@code InvalidInstanceID.NotFound},
 * {@code AuthFailure}...), or could not be made at all ({@code code} = {@value #NO_ANSWER}). The message is
 * AWS's, which never holds a credential.
 */
public final class AwsApiException extends RuntimeException {

    /** The code when AWS could not be reached or answered something unreadable. */
    public static final String NO_ANSWER = "NoAnswer";

    private final String code;

    public AwsApiException(String code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = code;
    }

    /** AWS's error code. */
    public String code() {
        return code;
    }

    /** True for a resource that is already gone (idempotent deletes treat it as done). */
    public boolean isNotFound() {
        return code.endsWith(".NotFound") || code.endsWith("NotFound");
    }

    /** True for "still in use, try later": a security group or interface some other resource still holds. */
    public boolean isDependencyViolation() {
        return code.equals("DependencyViolation") || code.equals("InvalidNetworkInterface.InUse");
    }
}
