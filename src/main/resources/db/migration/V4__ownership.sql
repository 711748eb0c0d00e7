-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- API keys (only their SHA-256 hashes) and who created each dataset and job. Records made before keys existed
-- belong to the open mode's local user.
CREATE TABLE api_keys (
    id          UUID         PRIMARY KEY,
    user_name   VARCHAR(100) NOT NULL,
    admin       BOOLEAN      NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL UNIQUE,
    key_prefix  VARCHAR(16)  NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

ALTER TABLE jobs ADD COLUMN created_by VARCHAR(100) NOT NULL DEFAULT 'local';
CREATE INDEX jobs_created_by_status ON jobs (created_by, status);

ALTER TABLE uploaded_datasets ADD COLUMN created_by VARCHAR(100) NOT NULL DEFAULT 'local';
CREATE INDEX uploaded_datasets_created_by ON uploaded_datasets (created_by);
