package dev.embeddedservice.testkit.internal;

import dev.embeddedservice.testkit.Fault;

/**
 * What the partner container answered to {@code POST /invocations}: status, content type, body, and for 2xx the
 * {@code X-Amzn-Inference-Metering} header. {@code error} is the body's error code for non-2xx, {@code tokenId}
 * the jti of an authentic token presented, {@code appliedFault} the container fault that shaped this answer.
 */
record ContainerResponse(int status, String contentType, byte[] body, String meteringHeader, String error,
                         String tokenId, Fault appliedFault) {

    boolean successful() {
        return status >= 200 && status < 300;
    }
}
