/**
 * Implementation of {@code dev.embeddedservice.auth}: the activation and OAuth 2.0 clients, the
 * token cache with its refresh state machine, and the in-memory token store.
 *
 * <p>Not public API: anything here may change in any release. Types are public only so that the
 * public package can use them.
 */
package dev.embeddedservice.auth.internal;
