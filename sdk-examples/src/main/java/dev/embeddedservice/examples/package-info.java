/**
 * The {@code esvc} command-line program ({@link dev.embeddedservice.examples.Esvc}) and small
 * runnable example programs of the SDK, each of which runs on the embedded emulator when no
 * activation URL is configured. Not a library: the classes here are programs to run and read.
 */
package dev.embeddedservice.examples;
