-- One registration per e-mail address (compared with lower()) and event date, unless cancelled.
-- Older databases may already hold several such registrations. Of each group the confirmed one is
-- kept (else the first made) and the others are cancelled; every confirmed one cancelled so frees
-- a place, which goes to the first on that date's waiting list, as a cancellation through the API
-- would do. Nobody is mailed about these changes; the operator sees them in the registration list.
CREATE TEMP TABLE registrations_duplicate AS
SELECT seq, event_id, date, status FROM (
    SELECT seq, event_id, date, status,
           ROW_NUMBER() OVER (
               PARTITION BY lower(email), event_id, date
               ORDER BY CASE status WHEN 'confirmed' THEN 0 ELSE 1 END, seq
           ) AS n
    FROM registrations
    WHERE status <> 'cancelled'
) grouped
WHERE n > 1;

UPDATE registrations SET status = 'cancelled', updated_at = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)
WHERE seq IN (SELECT seq FROM registrations_duplicate);

UPDATE registrations SET status = 'confirmed', updated_at = CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)
WHERE seq IN (
    SELECT waiting.seq FROM (
        SELECT seq, event_id, date,
               ROW_NUMBER() OVER (PARTITION BY event_id, date ORDER BY seq) AS place
        FROM registrations
        WHERE status = 'waitlisted'
    ) waiting
    JOIN (
        SELECT event_id, date, COUNT(*) AS freed
        FROM registrations_duplicate
        WHERE status = 'confirmed'
        GROUP BY event_id, date
    ) freed ON freed.event_id = waiting.event_id AND freed.date = waiting.date
    WHERE waiting.place <= freed.freed
);

UPDATE event_slots SET confirmed = (
    SELECT COUNT(*) FROM registrations r
    WHERE r.event_id = event_slots.event_id AND r.date = event_slots.date AND r.status = 'confirmed'
);

DROP TABLE registrations_duplicate;

CREATE UNIQUE INDEX registrations_one_per_email
    ON registrations (lower(email), event_id, date)
    WHERE status <> 'cancelled';
