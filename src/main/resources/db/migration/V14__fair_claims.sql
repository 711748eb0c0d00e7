-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- When a claim was last given to each user and to each sweep (a single job's last claim is its own started_at): a
-- claim goes to the user served least recently, and within a user to the sweep or single job served least recently
-- (see JobRepository.FAIR_ORDER). Written by each claim in its transaction, so every server sharing the database
-- sees the same turns.
CREATE TABLE served_users (
    user_name VARCHAR(100) PRIMARY KEY,
    served_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE served_sweeps (
    sweep_id  UUID PRIMARY KEY,
    served_at TIMESTAMP WITH TIME ZONE NOT NULL
);
