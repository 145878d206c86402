-- The last state the app saw of each opportunity, to tell what changed when it is seen again. Saved by
-- compare-and-swap on version; write_token lets a statement retried after a lost connection recognise
-- its own earlier write.
CREATE TABLE opportunity_snapshots (
  catalog text NOT NULL,
  opportunity_id text NOT NULL,
  state text NOT NULL,
  seen_at timestamptz NOT NULL,
  version integer NOT NULL,
  write_token uuid NOT NULL,
  PRIMARY KEY (catalog, opportunity_id)
);
CREATE INDEX opportunity_snapshots_seen_at_idx ON opportunity_snapshots (seen_at);
