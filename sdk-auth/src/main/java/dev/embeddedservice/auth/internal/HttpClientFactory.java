package dev.embeddedservice.auth.internal;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients this module calls with: derived from a caller's client (sharing its
 * connection pool and dispatcher, as OkHttp recommends) or new, always with the configured
 * timeouts and with redirects off, so a license key or client secret is never sent to a host
 * other than the one configured.
 *
 * <p>Each comes as a {@link Lease} that knows whether this module owns the client: a client
 * derived from the caller's is borrowed, and its pool and dispatcher stay the caller's to close.
 */
public final class HttpClientFactory {

    private HttpClientFactory() {
    }

    /**
     * A client with these timeouts and redirects off.
     *
     * @param base a client to share connection pool and dispatcher with (borrowed: never released
     *             by the lease), or {@code null} for a new one (owned: released by {@link Lease#close()})
     */
    public static Lease lease(OkHttpClient base, Duration connectTimeout, Duration callTimeout) {
        OkHttpClient.Builder builder = base == null ? new OkHttpClient.Builder() : base.newBuilder();
        OkHttpClient client = builder
                .connectTimeout(connectTimeout)
                // Read and write timeouts are bounded by the call timeout, which covers the whole call.
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
        return new Lease(client, base == null);
    }

    /**
     * An OkHttp client and whether this module owns it ("borrowed versus owned", as OkHttp puts it).
     *
     * @param client the client to call with
     * @param owned  whether the client was created here; only then does {@link #close()} release it
     */
    public record Lease(OkHttpClient client, boolean owned) implements AutoCloseable {

        /**
         * Releases an owned client: shuts its dispatcher's threads down and closes its pooled
         * connections. A borrowed client shares both with its owner and is left alone. Idempotent.
         */
        @Override
        public void close() {
            if (owned) {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        }
    }
}
