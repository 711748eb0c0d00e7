-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- The row an upload locks (SELECT ... FOR UPDATE) before it counts its user's uploads and inserts its own, so
-- concurrent uploads of one user cannot pass descent.datasets.max-uploads-per-user together (see UploadQuota).
INSERT INTO admission_locks (name) VALUES ('uploads');
