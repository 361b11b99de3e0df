package dev.benchfleet.provider.azure.arm;

/**
 * Azure Resource Manager refused a call or could not be reached. The message never holds a token.
 */
public final class ArmException extends RuntimeException {

    private final int status;
    private final String code;

    /**
     * @param status HTTP status, or 0 when no answer came
     * @param code   ARM's error code ({@code AuthorizationFailed}, {@code SubscriptionNotFound}), or empty
     */
    public ArmException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code == null ? "" : code;
    }

    public ArmException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** HTTP status, 0 when there was no answer. */
    public int status() {
        return status;
    }

    /** ARM's error code, empty when unknown. */
    public String code() {
        return code;
    }

    /** True for credentials that are refused or lack a permission. */
    public boolean isAuthorization() {
        return status == 401 || status == 403;
    }
}
