-- Page tokens hold whole remembered messages and the state of reject forms: name them for what they are.
ALTER TABLE page_tokens RENAME TO remembered_messages;
ALTER TABLE remembered_messages RENAME COLUMN token TO value;
ALTER INDEX page_tokens_expires_at_idx RENAME TO remembered_messages_expires_at_idx;
ALTER INDEX page_tokens_pkey RENAME TO remembered_messages_pkey;
