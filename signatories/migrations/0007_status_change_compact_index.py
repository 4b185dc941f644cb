"""A compact's status history, read in order of time through its own index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0006_status_change_compact"),
    ]

    operations = [
        migrations.AlterField(
            model_name="signatorystatuschange",
            name="compact",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="commitments.compact",
            ),
        ),
        migrations.AddIndex(
            model_name="signatorystatuschange",
            index=models.Index(
                fields=["compact", "created_at", "id"],
                name="status_change_compact_idx",
            ),
        ),
    ]
