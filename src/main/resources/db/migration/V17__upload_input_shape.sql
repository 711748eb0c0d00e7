-- Runs on H2 (in PostgreSQL mode) and PostgreSQL alike.
-- How a model sees an upload's rows: an image's "channels,height,width" as the client declared it (or as the rows
-- kept from a dataset had it); null for rows of features, as every upload stored before this was.
ALTER TABLE uploaded_datasets ADD COLUMN input_shape VARCHAR(64);
