-- Each stored report brings its instance's last report time and status along, inside the INSERT
-- itself: a batch of reports is then one statement in its own (autocommit, fsynced) transaction
-- instead of BEGIN, INSERT, one UPDATE per instance and COMMIT, each a round trip to the driver.
CREATE TRIGGER reports_touch_instance AFTER INSERT ON reports
BEGIN
    UPDATE instances SET last_report_at = NEW.received_at, status = COALESCE(NEW.status, status)
        WHERE id = NEW.instance_id;
END;
