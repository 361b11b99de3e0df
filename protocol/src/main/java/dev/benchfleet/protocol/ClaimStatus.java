package dev.benchfleet.protocol;

/** The three answers to a claim: a task is yours, ask again later, nothing left. */
public enum ClaimStatus implements WireName {
    ASSIGNED, WAIT, DONE
}
