-- Several orchestrator processes on one PostgreSQL database.
-- The results archive is built once: the process that finishes a run holds a lease on building it
-- (taken over by another process when it runs out: the builder crashed).
ALTER TABLE runs ADD COLUMN archive_lease_until BIGINT;
ALTER TABLE runs ADD COLUMN archive_failed BOOLEAN;

-- Uploads and results archives where every replica reaches them (used with PostgreSQL; the
-- embedded H2 database keeps them as files in the data folder).
CREATE TABLE objects (
    object_key VARCHAR(1100) PRIMARY KEY,
    data BYTEA NOT NULL,
    size BIGINT NOT NULL,
    stored_at BIGINT NOT NULL
);

-- Values every replica must share, such as the upload URL signing key.
CREATE TABLE settings (
    name VARCHAR(100) PRIMARY KEY,
    setting_value VARCHAR(1000) NOT NULL
);

-- Finished runs without an archive yet are looked for by every monitor sweep.
CREATE INDEX runs_by_status ON runs(status);

-- "Is anything of this run still open?" after every completion, and the counts per status.
CREATE INDEX tasks_by_run_status ON tasks(run_id, status);
