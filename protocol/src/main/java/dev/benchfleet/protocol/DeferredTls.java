package dev.benchfleet.protocol;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * TLS set up on first use, for an {@link HttpClient} whose orchestrator URL is plain {@code http://}.
 * Built without a context, JDK 17's client calls {@link SSLContext#getDefault()} in its constructor:
 * that loads the TLS provider and parses the ~140 certificates of {@code cacerts}, 0.2–0.35 s of a
 * cold JVM's CPU — in the master and in every task runner, before their first request, even when
 * every request goes to {@code http://127.0.0.1}. With this, a client that only ever speaks plain HTTP
 * never builds a TLS context; the first {@code https://} request (an upload URL on another host, say)
 * builds the JVM's default one then and uses it as before: same trust, same protocols and cipher
 * suites (the engine's defaults), host names checked by the client as always. Not for clients whose
 * own URL is {@code https://}: they keep the client's ordinary set-up (with a pin,
 * {@link CertificatePinning}).
 */
public final class DeferredTls {

    private DeferredTls() {
    }

    /** Whether {@code url} is plain HTTP, where this applies. */
    public static boolean isPlainHttp(URI url) {
        return url.getScheme() != null && url.getScheme().toLowerCase(Locale.ROOT).equals("http");
    }

    /** Makes {@code builder}'s client build the JVM's default TLS context only when it first needs one. */
    public static HttpClient.Builder defaultContextOnFirstUse(HttpClient.Builder builder) {
        return onFirstUse(builder, DeferredTls::defaultContext);
    }

    /**
     * Makes {@code builder}'s client take its TLS context from {@code context} the first time it needs one
     * (called at most once). Empty SSL parameters leave protocols and cipher suites to the engine's defaults,
     * which are the context's: the client would otherwise ask the context for them at once.
     */
    public static HttpClient.Builder onFirstUse(HttpClient.Builder builder, Supplier<SSLContext> context) {
        return builder.sslContext(new Deferred(new Holder(context))).sslParameters(new SSLParameters());
    }

    private static SSLContext defaultContext() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("TLS is not available in this JVM: " + e.getMessage(), e);
        }
    }

    /** The context the client holds; every call goes to the real one, built on the first. */
    private static final class Deferred extends SSLContext {
        Deferred(Holder holder) {
            super(new DelegatingSpi(holder), null, "Default");
        }
    }

    private static final class Holder {
        private final Supplier<SSLContext> factory;
        private SSLContext context;

        Holder(Supplier<SSLContext> factory) {
            this.factory = factory;
        }

        synchronized SSLContext get() {
            if (context == null) {
                context = factory.get();
            }
            return context;
        }
    }

    private static final class DelegatingSpi extends SSLContextSpi {
        private final Holder holder;

        DelegatingSpi(Holder holder) {
            this.holder = holder;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("a deferred default context is initialised by the JVM, not by init()");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return holder.get().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return holder.get().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return holder.get().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return holder.get().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return holder.get().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return holder.get().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return holder.get().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return holder.get().getSupportedSSLParameters();
        }
    }
}
