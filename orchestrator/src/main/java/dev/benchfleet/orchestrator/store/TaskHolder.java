package dev.benchfleet.orchestrator.store;

import dev.benchfleet.protocol.TaskStatus;

/**
 * Who holds a task and its status: all a heartbeat reads of it.
 *
 * @param runnerId the runner that claimed it; null while it is pending
 */
public record TaskHolder(String runnerId, TaskStatus status) {
}
