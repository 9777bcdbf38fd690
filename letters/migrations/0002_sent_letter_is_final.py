"""The database refuses to change or delete a sent letter: the archive shows it exactly
as sent. (A CHECK constraint cannot compare a row with its former self; a trigger can.)
Only the copy that matters is guarded: number, kind, subject and text, the copy as
sent, and its state; nothing else is ever written to a sent letter by the app."""

from django.db import migrations

GUARDED = ("year", "number", "kind", "subject", "body_html", "sent_subject", "sent_html",
           "sent_at", "status", "corrects_id", "election_id")

POSTGRES_FORWARD = """
CREATE OR REPLACE FUNCTION letters_sent_letter_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'sent' THEN
        IF TG_OP = 'DELETE' THEN
            RAISE EXCEPTION 'letter_sent_is_final: a sent letter is never deleted'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        IF ({changed}) THEN
            RAISE EXCEPTION 'letter_sent_is_final: a sent letter is never changed'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER letters_sent_letter_is_final
    BEFORE UPDATE OR DELETE ON letters_letter
    FOR EACH ROW EXECUTE FUNCTION letters_sent_letter_is_final();
""".format(changed=" OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in GUARDED))

POSTGRES_BACKWARD = """
DROP TRIGGER IF EXISTS letters_sent_letter_is_final ON letters_letter;
DROP FUNCTION IF EXISTS letters_sent_letter_is_final();
"""

SQLITE_FORWARD = [
    """
CREATE TRIGGER letters_sent_letter_not_changed
BEFORE UPDATE ON letters_letter
WHEN OLD.status = 'sent' AND ({changed})
BEGIN SELECT RAISE(ABORT, 'letter_sent_is_final: a sent letter is never changed'); END;
""".format(changed=" OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in GUARDED)),
]

SQLITE_BACKWARD = ["DROP TRIGGER IF EXISTS letters_sent_letter_not_changed;"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_FORWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_BACKWARD)
    elif vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(forward, backward)]
