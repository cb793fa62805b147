from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("pledges", "0009_ledger_logs_required")]

    operations = [
        migrations.AddField(
            model_name="signature",
            name="status",
            field=models.CharField(
                choices=[("LIVE", "Berlaku"), ("VOID", "Dibatalkan")],
                default="LIVE",
                max_length=4,
                verbose_name="status",
            ),
        ),
    ]
