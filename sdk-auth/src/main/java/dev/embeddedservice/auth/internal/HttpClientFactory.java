package dev.embeddedservice.auth.internal;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients this module calls with: derived from a caller's client (sharing its
 * connection pool and dispatcher, as OkHttp recommends) or new, always with the configured
 * timeouts and with redirects off, so a license key or client secret is never sent to a host
 * other than the one configured.
 */
public final class HttpClientFactory {

    private HttpClientFactory() {
    }

    /**
     * @param base a client to share resources with, or {@code null} for a new one
     */
    public static OkHttpClient create(OkHttpClient base, Duration connectTimeout, Duration callTimeout) {
        OkHttpClient.Builder builder = base == null ? new OkHttpClient.Builder() : base.newBuilder();
        return builder
                .connectTimeout(connectTimeout)
                // Read and write timeouts are bounded by the call timeout, which covers the whole call.
                .readTimeout(callTimeout)
                .writeTimeout(callTimeout)
                .callTimeout(callTimeout)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .build();
    }

    /** Releases what a client created by {@link #create} with no base holds. */
    public static void release(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
