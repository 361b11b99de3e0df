package dev.benchfleet.core.spi;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The provider SPI version a provider was compiled against. Annotate every provider with the constant,
 * never a literal:
 * <pre>{@code
 * @AutoService(TaskRunnerProvider.class)
 * @SpiVersion(SpiVersion.CURRENT)
 * public final class HetznerProvider implements TaskRunnerProvider { ... }
 * }</pre>
 * {@link #CURRENT} is a compile-time constant, so the compiler copies the value of the
 * {@code benchfleet-core} it builds against into the provider's class: the declaration cannot drift
 * from the SPI the code was really written for, and nothing in the build has to set it.
 *
 * <p>A runner loads a provider jar only when the declared version is compatible with its own
 * {@link #CURRENT}: the same MAJOR, and a MINOR no greater than the runner's. Otherwise it refuses the
 * jar before the run starts, naming the jar and both versions, instead of failing later with a
 * {@code NoSuchMethodError}. Providers on the runner's own class path (built with it) need no
 * declaration; providers loaded from a provider folder must have one.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SpiVersion {

    /**
     * This build's SPI version, {@code MAJOR.MINOR}. Bump MINOR when the SPI only gains something a
     * provider may use (a default method, a new type, a new context accessor): older providers keep
     * working with newer runners. Bump MAJOR (and reset MINOR) when a provider built against the old
     * SPI would break or be silently ignored: a removed or renamed method, a changed signature.
     */
    String CURRENT = "2.1";

    /** The SPI version compiled against: always {@link #CURRENT}. */
    String value();
}
