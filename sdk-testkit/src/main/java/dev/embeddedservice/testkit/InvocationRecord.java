package dev.embeddedservice.testkit;

import java.time.Instant;

/**
 * What the emulator kept of one InvokeEndpoint call: a summary, never the body, the token or a record value.
 *
 * <pre>{@code
 * assertThat(emulator.journal().invocations()).allSatisfy(i -> assertThat(i.records()).isLessThanOrEqualTo(1000));
 * }</pre>
 *
 * @param number                 1-based number of the call since start or the last reset
 * @param receivedAt             when it arrived, by the emulator's clock
 * @param endpointName           the endpoint name in the request path
 * @param operation              the batch's {@code operation} (such as {@code translate}), or null when the call was
 *                               refused before its body was read, or the body named none
 * @param records                records in the batch body, or -1 when the body was not a parsable batch
 * @param bodyBytes              size of the request body in bytes
 * @param httpStatus             the HTTP status the caller got, or 0 when the connection was reset
 * @param errorType              the {@code X-Amzn-ErrorType} the caller got (such as {@code ModelError}), or null for 2xx
 * @param originalStatusCode     the container's status inside a ModelError, or null when there was none
 * @param containerError         the container's {@code error} code (such as {@code TOKEN_INVALID}), or null
 * @param fault                  the fault that applied to this call, or null
 * @param inferenceId            the {@code X-Amzn-SageMaker-Inference-Id} sent, or null
 * @param customAttributesLength length of {@code X-Amzn-SageMaker-Custom-Attributes} sent, 0 when absent
 * @param tokenId                the {@code jti} of the token presented when it had a valid signature, or null
 * @param accessKeyId            the AWS access key id the call was signed with (from its {@code Authorization}
 *                               header; not a secret), or null when the header names none
 * @param billedUnits            units the container metered for this call (0 unless the answer was 2xx)
 */
public record InvocationRecord(
        long number,
        Instant receivedAt,
        String endpointName,
        String operation,
        int records,
        int bodyBytes,
        int httpStatus,
        String errorType,
        Integer originalStatusCode,
        String containerError,
        Fault fault,
        String inferenceId,
        int customAttributesLength,
        String tokenId,
        String accessKeyId,
        long billedUnits) {

    /** Whether the caller got a 2xx answer (possibly corrupted by a fault). */
    public boolean successful() {
        return httpStatus >= 200 && httpStatus < 300;
    }
}
