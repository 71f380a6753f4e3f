"""The read API: an index for its harvest order (``modified_after``, ``sort=modified``).

Contact persons are part of the register's public face (the organisation page and
the read API show the consenting ones), so the register's version (``DataVersion
.REGISTER``, migration 0016) changes with every insert, update or delete of a contact
person too, whatever writes it: the read API's ETags follow consent given or withdrawn."""

from django.db import migrations, models

TRIGGER = """
CREATE TRIGGER registry_contactperson_register_changed
AFTER INSERT OR UPDATE OR DELETE ON registry_contactperson
FOR EACH STATEMENT EXECUTE FUNCTION registry_register_changed();
"""


class Migration(migrations.Migration):
    dependencies = [("registry", "0022_erasure")]

    operations = [
        migrations.AddIndex(
            model_name="organisation",
            index=models.Index(fields=["updated_at", "id"], name="org_updated_idx"),
        ),
        migrations.RunSQL(
            TRIGGER,
            reverse_sql=(
                "DROP TRIGGER IF EXISTS registry_contactperson_register_changed"
                " ON registry_contactperson;"
            ),
        ),
    ]
