-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- The row a submission locks (SELECT ... FOR UPDATE) before it counts the queue and the user's jobs and inserts its
-- own: counting and inserting become one step for every server sharing the database (see JobAdmission).
CREATE TABLE admission_locks (name VARCHAR(32) PRIMARY KEY);
INSERT INTO admission_locks (name) VALUES ('jobs');
