/**
 * Implementation of {@code dev.embeddedservice.auth}: the activation and OAuth 2.0 clients with
 * their retries, the token cache with its refresh state machine, the HTTP client leases, the
 * token format and JSON helpers, and the in-memory token store.
 *
 * <p>Not public API: anything here may change in any release. A type is public only when another
 * package uses it: {@code dev.embeddedservice.auth} (the clients, the cache, the settings, the
 * HTTP client factory, the JSON and token-format helpers, the in-memory store), and sdk-core
 * ({@link dev.embeddedservice.auth.internal.EndpointUrl}, {@link dev.embeddedservice.auth.internal.Backoff},
 * {@link dev.embeddedservice.auth.internal.Sleeper}). Everything used only here is package-private.
 */
package dev.embeddedservice.auth.internal;
