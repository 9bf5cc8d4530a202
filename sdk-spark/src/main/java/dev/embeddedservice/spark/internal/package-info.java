/**
 * Not API: the implementation of {@link dev.embeddedservice.spark.EmbeddedServiceSpark} (the plan,
 * its stages and the executors' client holder). Anything here may change in any release.
 */
package dev.embeddedservice.spark.internal;
