package dev.benchfleet.taskrunner.upload;

/** An archive could not be delivered; {@code retryable} when another attempt might work (I/O, 5xx). */
public final class UploadException extends Exception {

    private final boolean retryable;

    public UploadException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
