package dev.embeddedservice.internal;

import dev.embeddedservice.auth.AuthToken;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * Makes one InvokeEndpoint call of protocol §2: JSON in and out, the token in CustomAttributes,
 * a fresh InferenceId per attempt, the attempt bounded by the time it may take. Thread-safe.
 */
final class Invoker {

    private final SageMakerRuntimeClient sageMaker;
    private final String endpointName;
    private final Duration attemptTimeout;

    Invoker(SageMakerRuntimeClient sageMaker, String endpointName, Duration attemptTimeout) {
        this.sageMaker = sageMaker;
        this.endpointName = endpointName;
        this.attemptTimeout = attemptTimeout;
    }

    /**
     * @param remainingMillis the time left before the call's deadline: the attempt takes no longer
     * @throws software.amazon.awssdk.core.exception.SdkException as the AWS SDK throws it
     */
    InvokeEndpointResponse invoke(byte[] body, AuthToken token, long remainingMillis) {
        Duration timeout = Duration.ofMillis(Math.max(1, Math.min(remainingMillis, attemptTimeout.toMillis())));
        return sageMaker.invokeEndpoint(InvokeEndpointRequest.builder()
                .endpointName(endpointName)
                .contentType("application/json")
                .accept("application/json")
                .customAttributes("token=" + token.value())
                .inferenceId(UUID.randomUUID().toString())
                .body(SdkBytes.fromByteArrayUnsafe(body))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout))
                .build());
    }
}
