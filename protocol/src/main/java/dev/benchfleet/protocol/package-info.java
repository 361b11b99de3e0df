/**
 * The orchestrator wire protocol ({@code orchestrator-protocol.md}) as Java types: one record per
 * request and answer body, bound with Jackson ({@link dev.benchfleet.protocol.WireJson}), the endpoint
 * paths ({@link dev.benchfleet.protocol.Endpoints}), the status enums with their wire names, the run
 * id format, the duration grammar and the API key.
 *
 * <p>Every record ignores fields it does not know, so an answer or request from another implementation
 * (the original tool's Ruby runner and Rails orchestrator) that carries more is still read.
 */
package dev.benchfleet.protocol;
