/**
 * The implementation of the Lambda handlers: routing and JSON of the proxy, error mapping, the
 * authorizer's checks, the execution-environment holder with its SnapStart hooks, the license key
 * secret, and the local API Gateway front. Not API: anything here may change in any release.
 */
package dev.embeddedservice.lambda.internal;
