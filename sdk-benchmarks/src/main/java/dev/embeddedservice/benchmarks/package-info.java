/**
 * JMH micro-benchmarks of the SDK's hot paths and the end-to-end benchmark
 * ({@link dev.embeddedservice.benchmarks.EndToEnd}) against an emulator in its own process. Not a
 * library: programs to run, whose figures the README reports.
 */
package dev.embeddedservice.benchmarks;
