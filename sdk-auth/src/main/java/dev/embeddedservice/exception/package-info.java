/**
 * The SDK's exception tree. Public API, shared by every module of the SDK (it lives in the
 * sdk-auth jar, on which they all depend).
 *
 * <p>{@link dev.embeddedservice.exception.EmbeddedServiceException} is the unchecked base: catch it
 * to handle any SDK failure, and ask it whether the call may succeed later
 * ({@code retryable()}), which HTTP status the service answered ({@code statusCode()}) and which
 * id it gave the request ({@code requestId()}). Subclasses name the failures a caller may want to
 * handle on their own: a bad setting ({@link dev.embeddedservice.exception.InvalidConfigurationException}),
 * a refused activation ({@link dev.embeddedservice.exception.ActivationException} and its
 * subclasses), no token to be had ({@link dev.embeddedservice.exception.TokenUnavailableException}),
 * a peer breaking the protocol ({@link dev.embeddedservice.exception.ProtocolViolationException}),
 * an open circuit breaker or a passed deadline.
 *
 * <pre>{@code
 * try {
 *     TranslateResponse response = client.translate(request);
 * } catch (EmbeddedServiceException e) {
 *     log.error("failed (retryable: {}, request id: {})", e.retryable(), e.requestId().orElse("none"), e);
 * }
 * }</pre>
 *
 * <p>Messages never contain a token, a license key, a client secret or an identifier's value.
 */
package dev.embeddedservice.exception;
