-- DP-SGD: the privacy spent (ε) by the end of each epoch; null for jobs trained without privacy
ALTER TABLE epoch_metrics ADD COLUMN epsilon DOUBLE PRECISION;
