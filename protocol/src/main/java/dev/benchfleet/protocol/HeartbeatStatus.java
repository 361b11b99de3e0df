package dev.benchfleet.protocol;

/** The phase a runner reports with a heartbeat. */
public enum HeartbeatStatus implements WireName {
    BOOT, PROVISION, RUNNING, UPLOADING, FINISHED, ERROR
}
