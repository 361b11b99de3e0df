package dev.benchfleet.orchestrator.uploads;

/** An upload body the orchestrator will not store (too large, or not gzip). */
public final class UploadRejectedException extends RuntimeException {

    private final boolean tooLarge;

    public UploadRejectedException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    public boolean tooLarge() {
        return tooLarge;
    }
}
