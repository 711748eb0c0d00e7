-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.

CREATE TABLE uploaded_datasets (
    id            VARCHAR(64)   PRIMARY KEY,
    name          VARCHAR(200)  NOT NULL,
    task          VARCHAR(20)   NOT NULL,
    label_column  VARCHAR(200)  NOT NULL,
    row_count     INTEGER       NOT NULL,
    feature_count INTEGER       NOT NULL,
    class_names   VARCHAR(65536) NOT NULL,
    content       BYTEA         NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE jobs (
    id               UUID          PRIMARY KEY,
    name             VARCHAR(200),
    status           VARCHAR(20)   NOT NULL,
    dataset_id       VARCHAR(64)   NOT NULL,
    spec             VARCHAR(1048576) NOT NULL,
    parameter_count  BIGINT        NOT NULL,
    epochs           INTEGER       NOT NULL,
    current_epoch    INTEGER       NOT NULL DEFAULT 0,
    steps            BIGINT        NOT NULL DEFAULT 0,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    owner            VARCHAR(100),
    lease_expires_at TIMESTAMP WITH TIME ZONE,
    cancel_requested BOOLEAN       NOT NULL DEFAULT FALSE,
    attempts         INTEGER       NOT NULL DEFAULT 0,
    training_millis  BIGINT        NOT NULL DEFAULT 0,
    recording_millis BIGINT        NOT NULL DEFAULT 0,
    model_path       VARCHAR(200),
    checkpoint_path  VARCHAR(200),
    checkpoint_step  BIGINT,
    error            VARCHAR(4000)
);
CREATE INDEX jobs_status_created ON jobs (status, created_at);

CREATE TABLE epoch_metrics (
    job_id              UUID    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    epoch               INTEGER NOT NULL,
    steps               BIGINT  NOT NULL,
    train_loss          DOUBLE PRECISION NOT NULL,
    train_accuracy      DOUBLE PRECISION,
    validation_loss     DOUBLE PRECISION,
    validation_accuracy DOUBLE PRECISION,
    validation_rmse     DOUBLE PRECISION,
    validation_r2       DOUBLE PRECISION,
    learning_rate       DOUBLE PRECISION NOT NULL,
    gradient_norm       DOUBLE PRECISION NOT NULL,
    duration_millis     BIGINT  NOT NULL,
    samples_per_second  DOUBLE PRECISION NOT NULL,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job_id, epoch)
);

CREATE TABLE step_metrics (
    job_id        UUID    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    step          BIGINT  NOT NULL,
    epoch         INTEGER NOT NULL,
    loss          DOUBLE PRECISION NOT NULL,
    learning_rate DOUBLE PRECISION NOT NULL,
    gradient_norm DOUBLE PRECISION NOT NULL,
    gradient_l1_norm DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, step)
);
