-- The claim id a runner sent with the claim that took the task (the same on each retry of that claim):
-- a retry whose first answer was lost finds the task the first attempt took, through this index.
ALTER TABLE tasks ADD COLUMN claim_id VARCHAR(100);
CREATE INDEX tasks_by_runner ON tasks(run_id, runner_id, status);
