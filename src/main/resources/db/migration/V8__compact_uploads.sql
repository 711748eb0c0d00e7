-- Uploads are stored parsed, in the compact binary form of dev.descent.dataset.EncodedDataset (4 bytes a value),
-- instead of as the CSV text every job re-parsed. Uploads made before keep their CSV in content and are parsed
-- when loaded.
ALTER TABLE uploaded_datasets ADD COLUMN encoded BYTEA;
ALTER TABLE uploaded_datasets ALTER COLUMN content DROP NOT NULL;
