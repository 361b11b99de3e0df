-- A retried claim is looked up by its claim id within its run. Indexed by the claim id alone, the entries
-- of every task the orchestrator ever handed out were in one random order (claim ids are random UUIDs):
-- each claim read and rewrote a leaf of that index far from the last one, which an orchestrator with many
-- runs behind it no longer finds in its cache. Led by the run id, a run's claims touch the few leaves of
-- that run, and a lookup never reads another run's entries.
DROP INDEX tasks_by_claim;
CREATE INDEX tasks_by_claim ON tasks(run_id, claim_id);
