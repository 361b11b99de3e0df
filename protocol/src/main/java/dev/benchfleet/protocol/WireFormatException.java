package dev.benchfleet.protocol;

/** A body that does not fit the protocol's record; the message names the field, never the body. */
public final class WireFormatException extends Exception {

    public WireFormatException(String message) {
        super(message);
    }
}
