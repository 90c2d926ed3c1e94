-- The language of the alerts to an instance's contact ("de" or "en"): the one the registration
-- asked for; instances registered before it get German, as they did.
ALTER TABLE instances ADD COLUMN lang TEXT NOT NULL DEFAULT 'de';
