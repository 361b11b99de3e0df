package dev.benchfleet.core.spi;

/**
 * One thing a provider's setup started: a VM, a container, a process.
 *
 * @param kind    what it is ({@code "ec2-instance"}, {@code "container"}, {@code "process"})
 * @param id      how to find it again (instance id, container name, pid)
 * @param address where it is reachable for debugging, or the empty string
 */
public record StartedResource(String kind, String id, String address) {
}
