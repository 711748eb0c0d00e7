-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- A job's project and tags (key → value), which a client sets at submission and changes later, and its optimizer's
-- type, so that the job list filters on all three without reading specs. V19 fills optimizer_type for older jobs.
ALTER TABLE jobs ADD COLUMN project VARCHAR(100);
ALTER TABLE jobs ADD COLUMN optimizer_type VARCHAR(40);
CREATE INDEX jobs_project_created ON jobs (project, created_at);
CREATE INDEX jobs_optimizer_created ON jobs (optimizer_type, created_at);
CREATE INDEX jobs_dataset_created ON jobs (dataset_id, created_at);
CREATE INDEX jobs_created_by_created ON jobs (created_by, created_at);
CREATE TABLE job_tags (
    job_id     UUID         NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    tag_key    VARCHAR(64)  NOT NULL,
    tag_value  VARCHAR(256) NOT NULL,
    PRIMARY KEY (job_id, tag_key)
);
CREATE INDEX job_tags_key_value ON job_tags (tag_key, tag_value);
