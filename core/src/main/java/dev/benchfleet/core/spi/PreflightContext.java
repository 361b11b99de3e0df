package dev.benchfleet.core.spi;

/**
 * What a provider gets for {@link TaskRunnerProvider#preflight}: everything validation had, plus where
 * to report progress and a cancellation token, because preflight may call a cloud (credentials,
 * quotas, offered instance types). It must still create nothing.
 */
public interface PreflightContext extends ValidationContext {

    /** Signalled on Ctrl-C. */
    CancellationToken cancellation();

    /** Where to report progress. */
    EventSink events();

    /** A plain preflight context. */
    static PreflightContext of(ValidationContext validation, CancellationToken cancellation, EventSink events) {
        return new Plain(validation, cancellation, events);
    }

    /** The plain implementation. */
    record Plain(ValidationContext validation, CancellationToken cancellation, EventSink events) implements PreflightContext {

        @Override
        public dev.benchfleet.core.config.ProviderConfig config() {
            return validation.config();
        }

        @Override
        public RunFlags flags() {
            return validation.flags();
        }

        @Override
        public Environment environment() {
            return validation.environment();
        }
    }
}
