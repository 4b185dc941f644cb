"""One organisation per charity or company number.

Records made before the rule may share a number. The first record made keeps it; the
number is taken off each later one, and the migration names them, so that the steering
group can merge them (record one as the other's successor) or correct the number.
"""

from django.db import migrations, models
from django.db.models import Count


def free_duplicated_numbers(apps, schema_editor):
    Organisation = apps.get_model("signatories", "Organisation")
    for field in ("charity_number", "company_number"):
        duplicated = (
            Organisation.objects.exclude(**{field: ""})
            .values(field)
            .annotate(holders=Count("id"))
            .filter(holders__gt=1)
            .values_list(field, flat=True)
        )
        for number in list(duplicated):
            first, *later = Organisation.objects.filter(**{field: number}).order_by(
                "created_at", "id"
            )
            for organisation in later:
                print(  # noqa: T201 - the operator must see what changed
                    f"\n  {organisation.name} ({organisation.slug}) shared {field.replace('_', ' ')}"
                    f" {number} with {first.name} ({first.slug}): taken off {organisation.name}"
                )
            Organisation.objects.filter(pk__in=[o.pk for o in later]).update(**{field: ""})


class Migration(migrations.Migration):
    dependencies = [
        ("signatories", "0003_directory_indexes"),
    ]

    operations = [
        migrations.RunPython(free_duplicated_numbers, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("charity_number", ""), _negated=True),
                fields=("charity_number",),
                name="organisation_unique_charity_number",
            ),
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("company_number", ""), _negated=True),
                fields=("company_number",),
                name="organisation_unique_company_number",
            ),
        ),
    ]
