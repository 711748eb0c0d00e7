-- Diagnostics a job asked for (training.diagnostics): sparse (coherence every N steps, sharpness per epoch) and
-- some with one series per layer, so a table of their own rather than columns of step_metrics. layer is the layer's
-- number from 1 for per-layer metrics, 0 otherwise.
CREATE TABLE diagnostic_metrics (
    job_id       UUID             NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    metric       VARCHAR(40)      NOT NULL,
    layer        INTEGER          NOT NULL,
    step         BIGINT           NOT NULL,
    epoch        INTEGER          NOT NULL,
    metric_value DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (job_id, metric, layer, step)
);
CREATE INDEX diagnostic_metrics_job_step ON diagnostic_metrics (job_id, step);
