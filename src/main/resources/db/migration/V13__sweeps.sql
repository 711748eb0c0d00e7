-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- A sweep: its spec as submitted and where it stands. Its trials are jobs (jobs.sweep_id, V11), created a few at a
-- time; everything else a scheduler needs is derived from them and their recorded epochs, so any server can carry a
-- sweep on after another stops.
CREATE TABLE sweeps (
    id                    UUID          PRIMARY KEY,
    name                  VARCHAR(200),
    status                VARCHAR(20)   NOT NULL,
    method                VARCHAR(20)   NOT NULL,
    spec                  VARCHAR(1048576) NOT NULL,
    planned_trials        INTEGER       NOT NULL,
    created_trials        INTEGER       NOT NULL DEFAULT 0,
    max_concurrent_trials INTEGER       NOT NULL,
    created_by            VARCHAR(100)  NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at           TIMESTAMP WITH TIME ZONE,
    error                 VARCHAR(4000)
);
CREATE INDEX sweeps_status ON sweeps (status);
CREATE INDEX sweeps_created_by ON sweeps (created_by, created_at);

-- ASHA's decisions: promote a trial from a rung, or stop it there; at most one per trial and rung. position is the
-- result's place in the rung's order (see SuccessiveHalving), which the API lists them by.
CREATE TABLE sweep_decisions (
    sweep_id     UUID        NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    trial_number INTEGER     NOT NULL,
    rung         INTEGER     NOT NULL,
    position     INTEGER     NOT NULL,
    epoch        INTEGER     NOT NULL,
    metric       DOUBLE PRECISION,
    decision     VARCHAR(20) NOT NULL,
    PRIMARY KEY (sweep_id, trial_number, rung)
);

-- A trial of an ASHA sweep stops after this epoch (its rung), checkpointed, as PAUSED; null runs to the end.
ALTER TABLE jobs ADD COLUMN pause_after_epoch INTEGER;
-- A trial's parameter values (JSON: dotted path → value), as GET /jobs shows them.
ALTER TABLE jobs ADD COLUMN trial_assignment VARCHAR(65536);
