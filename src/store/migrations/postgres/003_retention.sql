-- Every table is purged by a retention rule (README, Storage). Claims get a lifetime: one without keeps for
-- good (the once-per-catalog alerts baseline); a digest take-over is needed for a few days at the most.
ALTER TABLE claims ADD COLUMN expires_at timestamptz;
UPDATE claims SET expires_at = claimed_at + interval '7 days' WHERE key LIKE 'digest-takeover:%';
CREATE INDEX claims_expires_at_idx ON claims (expires_at);
CREATE INDEX digest_occurrences_scheduled_for_idx ON digest_occurrences (scheduled_for);
CREATE INDEX announced_invitations_announced_at_idx ON announced_invitations (announced_at);
