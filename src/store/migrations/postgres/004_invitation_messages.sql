-- Where each invitation is shown in Slack, so a decision made elsewhere can update those messages.
CREATE TABLE invitation_messages (
  invitation_key text NOT NULL,
  location text NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (invitation_key, location)
);
CREATE INDEX invitation_messages_expires_at_idx ON invitation_messages (expires_at);
