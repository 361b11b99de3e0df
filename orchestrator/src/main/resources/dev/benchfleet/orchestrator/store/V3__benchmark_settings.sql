-- The run config's "benchmark" object (JSON text), handed to task runners with each task; null when not given.
ALTER TABLE runs ADD COLUMN benchmark_settings VARCHAR(20000);
