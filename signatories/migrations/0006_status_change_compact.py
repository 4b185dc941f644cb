"""Each status change keeps its signature's compact (made NOT NULL and indexed in 0007, in a
transaction of its own: PostgreSQL refuses to alter a table with deferred checks pending)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_compacts(apps, schema_editor):
    Signatory = apps.get_model("signatories", "Signatory")
    SignatoryStatusChange = apps.get_model("signatories", "SignatoryStatusChange")
    SignatoryStatusChange.objects.update(
        compact_id=Subquery(
            Signatory.objects.filter(pk=OuterRef("signatory_id")).values("compact_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0001_initial"),
        ("signatories", "0005_sign_up_compact_from_link"),
    ]

    operations = [
        migrations.AddField(
            model_name="signatorystatuschange",
            name="compact",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="commitments.compact",
            ),
        ),
        migrations.RunPython(copy_compacts, migrations.RunPython.noop),
    ]
