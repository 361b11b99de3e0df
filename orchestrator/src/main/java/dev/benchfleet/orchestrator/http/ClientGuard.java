package dev.benchfleet.orchestrator.http;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one client address from starving the others, and slow clients from holding connections.
 *
 * <ul>
 *   <li>Connections per client address are capped: the one over the cap is closed at once.
 *   <li>Requests in progress per client address are capped: the one over the cap gets {@code 429}
 *       (a global cap alone would make {@code /up} wait behind a hostile client).
 *   <li>Between requests a connection has {@code headerTimeout} to deliver a complete request
 *       head, however slowly it trickles bytes (an idle timeout alone restarts at every byte).
 *   <li>A request body must arrive within {@code bodyTimeout} plus its size at
 *       {@code minBodyBytesPerSecond}.
 * </ul>
 *
 * Nothing here holds a thread: {@link #sweep()} runs every few hundred milliseconds and closes
 * the connections past their deadline.
 */
public final class ClientGuard implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientGuard.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    /** The limits; see the class comment. */
    public record Limits(int maxConnectionsPerAddress, int maxRequestsPerAddress, Duration headerTimeout,
                         Duration bodyTimeout, long minBodyBytesPerSecond) {
        public Limits {
            if (maxConnectionsPerAddress < 1 || maxRequestsPerAddress < 1 || minBodyBytesPerSecond < 1) {
                throw new IllegalArgumentException("client limits must be >= 1");
            }
            if (headerTimeout.isNegative() || headerTimeout.isZero() || bodyTimeout.isNegative() || bodyTimeout.isZero()) {
                throw new IllegalArgumentException("client timeouts must be positive");
            }
        }

        public static Limits defaults() {
            return new Limits(1024, 64, Duration.ofSeconds(20), Duration.ofSeconds(30), 16 * 1024);
        }
    }

    /** Where one connection is: between requests (waiting for a head) or inside one. */
    private static final class State {
        final InetAddress address;
        volatile boolean busy;
        volatile long idleSince;
        volatile long bodyStart;
        volatile long deadline = Long.MAX_VALUE;

        State(InetAddress address, long now) {
            this.address = address;
            this.idleSince = now;
        }
    }

    private final Limits limits;
    private final Map<Connection, State> states = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> connectionsByAddress = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> requestsByAddress = new ConcurrentHashMap<>();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public ClientGuard(Limits limits) {
        this.limits = limits;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof SslConnection) {
            return; // with TLS the encrypted layer is a connection too; count the HTTP one only
        }
        InetAddress address = address(connection.getEndPoint().getRemoteSocketAddress());
        State state = new State(address, System.nanoTime());
        states.put(connection, state);
        int open = connectionsByAddress.merge(address, 1, Integer::sum);
        if (open > limits.maxConnectionsPerAddress()) {
            warn("{} holds more than {} connections; closing the newest", address, limits.maxConnectionsPerAddress());
            connection.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        State state = states.remove(connection);
        if (state != null) {
            decrement(connectionsByAddress, state.address);
        }
    }

    /**
     * Marks the start of a request on {@code connection}.
     *
     * @return false when the client address already has too many requests in progress (nothing
     *     was counted then)
     */
    boolean enterRequest(Connection connection, InetAddress address) {
        if (requestsByAddress.merge(address, 1, Integer::sum) > limits.maxRequestsPerAddress()) {
            decrement(requestsByAddress, address);
            warn("{} has more than {} requests in progress; answering 429", address, limits.maxRequestsPerAddress());
            return false;
        }
        State state = states.get(connection);
        if (state != null) {
            long now = System.nanoTime();
            state.busy = true;
            state.bodyStart = now;
            state.deadline = now + limits.bodyTimeout().toNanos();
        }
        return true;
    }

    /** The body has {@code bytes} so far: the deadline moves by what that size may take. */
    void bodyProgress(Connection connection, long bytes) {
        State state = states.get(connection);
        if (state != null && state.deadline != Long.MAX_VALUE) {
            state.deadline = state.bodyStart + limits.bodyTimeout().toNanos()
                    + bytes * 1_000_000_000L / limits.minBodyBytesPerSecond();
        }
    }

    /** The body is read; what follows (handling, answering) has no deadline here. */
    void bodyDone(Connection connection) {
        State state = states.get(connection);
        if (state != null) {
            state.deadline = Long.MAX_VALUE;
        }
    }

    /** Marks the end of a request started with {@link #enterRequest} returning true. */
    void exitRequest(Connection connection, InetAddress address) {
        decrement(requestsByAddress, address);
        State state = states.get(connection);
        if (state != null) {
            state.deadline = Long.MAX_VALUE;
            state.idleSince = System.nanoTime();
            state.busy = false;
        }
    }

    /** Closes connections past their deadline; returns how many. */
    public int sweep() {
        long now = System.nanoTime();
        long headerNanos = limits.headerTimeout().toNanos();
        int closed = 0;
        for (Map.Entry<Connection, State> e : states.entrySet()) {
            State s = e.getValue();
            boolean late = s.busy ? now - s.deadline > 0 && s.deadline != Long.MAX_VALUE
                    : now - s.idleSince > headerNanos;
            if (late) {
                LOG.debug("Closing a connection of {}: {}", s.address, s.busy ? "request body too slow" : "no request");
                e.getKey().getEndPoint().close();
                closed++;
            }
        }
        return closed;
    }

    /** Connections currently open (HTTP level). */
    public int openConnections() {
        return states.size();
    }

    static InetAddress address(SocketAddress socket) {
        if (socket instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress(); // unix sockets and the like: one shared bucket
    }

    private static void decrement(Map<InetAddress, Integer> counts, InetAddress address) {
        counts.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** A hostile client must not flood the log either: one warning per 10 s at most. */
    private void warn(String format, Object... args) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn(format, args);
        }
    }
}
