package dev.benchfleet.core.spi;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A value made the first time it is asked for, then kept: for what a provider needs only in the runs that
 * use it, such as a bundled instance catalog, which a run without an entry of that provider should not
 * spend its start-up parsing. Safe to share between threads; the source runs at most once when it succeeds
 * (a source that throws is tried again at the next call).
 *
 * @param <T> the value
 */
public final class OnFirstUse<T> implements Supplier<T> {

    private final Supplier<? extends T> source;
    private T value;

    private OnFirstUse(Supplier<? extends T> source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /** The value {@code source} makes, made at the first {@link #get()}. */
    public static <T> OnFirstUse<T> of(Supplier<? extends T> source) {
        return new OnFirstUse<>(source);
    }

    @Override
    public synchronized T get() {
        if (value == null) {
            value = Objects.requireNonNull(source.get(), "the source made no value");
        }
        return value;
    }
}
