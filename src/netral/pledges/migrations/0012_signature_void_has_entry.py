from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pledges", "0011_signature_status_from_void_entry")]

    operations = [
        migrations.AddConstraint(
            model_name="signature",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "LIVE"), ("void_entry__isnull", True))
                | models.Q(("status", "VOID"), ("void_entry__isnull", False)),
                name="signature_void_has_entry",
            ),
        ),
    ]
