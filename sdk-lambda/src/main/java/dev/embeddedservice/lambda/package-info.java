/**
 * The Lambda functions of the embedded service's customer-VPC stack (the reference architecture's
 * authorizer and proxy), built on the SDK, for applications that are not on the JVM or that should
 * not each hold the license key. API.
 *
 * <ul>
 *   <li>{@link dev.embeddedservice.lambda.ProxyHandler}: {@code POST /translate} and
 *       {@code POST /invoke/{operation}} behind a private API Gateway REST API.</li>
 *   <li>{@link dev.embeddedservice.lambda.AuthorizerHandler}: the REQUEST authorizer that lets only
 *       allowed callers through, and only while the subscription is active.</li>
 *   <li>{@link dev.embeddedservice.lambda.LocalApiGateway}: both handlers on loopback behind a
 *       minimal API-Gateway-shaped HTTP front, for a local run ({@code esvc proxy}).</li>
  * </ul>
 *
 * <p>The stack that deploys them is {@code deploy/customer-vpc/template.yaml}; the deployable jar is
 * {@code sdk-lambda/target/embedded-service-lambda.jar}.
 *
 * <pre>{@code
 * ProxyHandler proxy = new ProxyHandler(client);      // or new ProxyHandler() in Lambda
 * APIGatewayProxyResponseEvent answer = proxy.handleRequest(event, context);
 * }</pre>
 *
 * <p>Parameters and return values are non-null unless documented otherwise. Implementation
 * classes live in {@code dev.embeddedservice.lambda.internal} and are not API.
 */
package dev.embeddedservice.lambda;
