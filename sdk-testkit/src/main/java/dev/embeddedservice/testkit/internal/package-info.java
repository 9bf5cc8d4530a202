/**
 * Implementation of the emulator in {@code dev.embeddedservice.testkit}: the activation service,
 * the SageMaker Runtime front with its SigV4 checks and error shapes, the partner container, the
 * minimal STS and OAuth 2.0 endpoints, fault injection and the journal. Not API: anything here
 * may change in any release.
 */
package dev.embeddedservice.testkit.internal;
