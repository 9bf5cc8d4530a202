package dev.embeddedservice.testkit;

import java.time.Instant;

/**
 * What the emulator kept of one STS request ({@code POST /}, AWS Query protocol): never a secret key or a session
 * token. Access key ids are not secret (AWS writes them to CloudTrail), so they are kept, which lets a test prove
 * which credentials were issued and then used.
 *
 * <pre>{@code
 * StsRecord assumed = emulator.journal().stsRequests().get(0);
 * assertThat(assumed.action()).isEqualTo("AssumeRole");
 * assertThat(emulator.journal().invocations())
 *         .allSatisfy(i -> assertThat(i.accessKeyId()).isEqualTo(assumed.issuedAccessKeyId()));
 * }</pre>
 *
 * @param number             1-based number of the request since start or the last reset
 * @param receivedAt         when it arrived, by the emulator's clock
 * @param action             the {@code Action} parameter, or null when absent
 * @param httpStatus         the HTTP status answered
 * @param errorCode          the error {@code Code} answered (such as {@code AccessDenied}), or null on success
 * @param accessKeyId        the access key the request was signed with (from its {@code Authorization} header), or null
 * @param roleArn            for {@code AssumeRole}: the {@code RoleArn} asked for, or null
 * @param roleSessionName    for {@code AssumeRole}: the {@code RoleSessionName} asked for, or null
 * @param issuedAccessKeyId  the access key id of the temporary credentials issued, or null when none were
 * @param credentialsExpireAt when those credentials expire, by the emulator's clock, or null
 */
public record StsRecord(
        long number,
        Instant receivedAt,
        String action,
        int httpStatus,
        String errorCode,
        String accessKeyId,
        String roleArn,
        String roleSessionName,
        String issuedAccessKeyId,
        Instant credentialsExpireAt) {

    /** Whether the request was answered with 200. */
    public boolean successful() {
        return httpStatus == 200;
    }
}
