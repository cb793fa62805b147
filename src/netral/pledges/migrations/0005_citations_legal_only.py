"""Citations printed on pacts and receipts name legal references only: drop the internal
reference to the project's domain notes that version 1 of the texts carried (issue 11
item 10). Only the citation changes; the signed text and its hash stay as they were."""

from django.db import migrations

INTERNAL = "; shared/domain.md §4"


def clean(apps, schema_editor):
    for name in ("PledgeText", "PactTemplate"):
        Model = apps.get_model("pledges", name)
        for row in Model.objects.filter(citation__contains="domain.md"):
            row.citation = row.citation.replace(INTERNAL, "").replace("shared/domain.md", "")
            row.save(update_fields=["citation"])


class Migration(migrations.Migration):
    dependencies = [("pledges", "0004_standard_pledge_wording")]

    operations = [migrations.RunPython(clean, migrations.RunPython.noop)]
