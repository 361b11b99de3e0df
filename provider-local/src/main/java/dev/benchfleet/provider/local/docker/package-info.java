/**
 * A small wrapper around the {@code docker} command-line client, run as a child process.
 *
 * <p>Why the CLI and not the Engine API over the socket: the CLI already handles every way users point at an
 * engine (DOCKER_HOST, contexts, Docker Desktop, SSH), and this package needs only a handful of commands.
 * Machine-readable output comes from {@code --format} templates and exit codes; stderr is only ever shown
 * to people, never parsed.
 *
 * <p>This package depends on the JDK, slf4j-api and Jackson only (no Benchfleet core types), so it can be
 * reused by any provider or test.
 */
package dev.benchfleet.provider.local.docker;
