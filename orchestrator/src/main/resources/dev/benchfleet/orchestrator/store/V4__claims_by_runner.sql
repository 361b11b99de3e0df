-- The claim id a runner sent with the claim that took the task (the same on each retry of that claim):
-- a retry whose first answer was lost finds the task the first attempt took. Set once per task, so its
-- index costs a claim one entry and nothing later.
ALTER TABLE tasks ADD COLUMN claim_id VARCHAR(100);
CREATE INDEX tasks_by_claim ON tasks(claim_id);
-- Every claim, completion and heartbeat write changed this index (status and heartbeat_at both move); the
-- monitor finds silent tasks through tasks_by_run_status instead, run by running run.
DROP INDEX tasks_by_status;
