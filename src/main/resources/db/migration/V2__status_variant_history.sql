-- Which API key made the latest change; read by the history trigger, so every writer (single,
-- bulk, soft delete) records history in the same transaction as the change itself.
ALTER TABLE status_variant ADD COLUMN changed_by_key_id bigint REFERENCES api_key (id);

-- Listing walks a partner's variants in order of the immutable id (keyset pagination);
-- incremental sync filters on updated_at.
CREATE INDEX status_variant_partner_order ON status_variant (partner_id, id);
CREATE INDEX status_variant_partner_updated ON status_variant (partner_id, updated_at);

CREATE TABLE status_variant_history (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    status_variant_id bigint      NOT NULL REFERENCES status_variant (id),
    version           integer     NOT NULL,
    action            text        NOT NULL CHECK (action IN ('created', 'updated', 'deactivated', 'reactivated')),
    changed_at        timestamptz NOT NULL,
    api_key_id        bigint      REFERENCES api_key (id),
    changes           jsonb       NOT NULL,
    UNIQUE (status_variant_id, version)
);

CREATE FUNCTION record_status_variant_history() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    changes jsonb := '{}';
    action  text  := 'updated';
BEGIN
    IF TG_OP = 'INSERT' THEN
        action := 'created';
        changes := jsonb_build_object(
            'label',         jsonb_build_object('from', NULL, 'to', NEW.label),
            'mapped_status', jsonb_build_object('from', NULL, 'to', NEW.mapped_status),
            'source_system', jsonb_build_object('from', NULL, 'to', NEW.source_system),
            'status',        jsonb_build_object('from', NULL, 'to', NEW.status));
    ELSE
        IF NEW.label IS DISTINCT FROM OLD.label THEN
            changes := changes || jsonb_build_object('label', jsonb_build_object('from', OLD.label, 'to', NEW.label));
        END IF;
        IF NEW.mapped_status IS DISTINCT FROM OLD.mapped_status THEN
            changes := changes || jsonb_build_object('mapped_status', jsonb_build_object('from', OLD.mapped_status, 'to', NEW.mapped_status));
        END IF;
        IF NEW.source_system IS DISTINCT FROM OLD.source_system THEN
            changes := changes || jsonb_build_object('source_system', jsonb_build_object('from', OLD.source_system, 'to', NEW.source_system));
        END IF;
        IF NEW.status IS DISTINCT FROM OLD.status THEN
            changes := changes || jsonb_build_object('status', jsonb_build_object('from', OLD.status, 'to', NEW.status));
            action := CASE NEW.status WHEN 'inactive' THEN 'deactivated' ELSE 'reactivated' END;
        END IF;
        IF changes = '{}' THEN
            RETURN NULL; -- nothing a client can see changed
        END IF;
    END IF;
    INSERT INTO status_variant_history (status_variant_id, version, action, changed_at, api_key_id, changes)
    VALUES (NEW.id, NEW.version, action, NEW.updated_at, NEW.changed_by_key_id, changes);
    RETURN NULL;
END
$$;

CREATE TRIGGER status_variant_history
    AFTER INSERT OR UPDATE ON status_variant
    FOR EACH ROW EXECUTE FUNCTION record_status_variant_history();
