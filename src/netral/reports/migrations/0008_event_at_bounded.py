
import datetime
import netral.core.dates
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0003_import_job'),
        ('reports', '0007_repair_unreadable_event_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='report',
            name='discovered_on',
            field=models.DateField(blank=True, null=True, validators=[netral.core.dates.check_event_date], verbose_name='tanggal ditemukan pengawas'),
        ),
        migrations.AlterField(
            model_name='report',
            name='event_at',
            field=models.DateTimeField(validators=[netral.core.dates.check_event_at], verbose_name='waktu kejadian'),
        ),
        migrations.AlterField(
            model_name='report',
            name='learned_on',
            field=models.DateField(blank=True, null=True, validators=[netral.core.dates.check_event_date], verbose_name='tanggal mengetahui kejadian'),
        ),
        migrations.AddConstraint(
            model_name='report',
            constraint=models.CheckConstraint(condition=models.Q(('event_at__gte', datetime.datetime(2000, 1, 1, 0, 0, tzinfo=datetime.timezone.utc))), name='report_event_at_readable'),
        ),
    ]
