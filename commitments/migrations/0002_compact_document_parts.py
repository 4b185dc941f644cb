"""The compact as a document: partners, sections, narrative paragraphs, lists that nest.

Adds the new tables beside the old columns; 0003 moves each principle's undertakings
into one list per party, and 0004 drops the party column they no longer need.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="compactversion",
            name="label",
            field=models.CharField(
                blank=True,
                help_text="As the compact names it, e.g. 2016; blank if it names none",
                max_length=40,
                verbose_name="version",
            ),
        ),
        migrations.AlterField(
            model_name="compactversion",
            name="adopted_on",
            field=models.DateField(blank=True, null=True, verbose_name="date of this version"),
        ),
        migrations.AddField(
            model_name="compactversion",
            name="notice_set_by_compact",
            field=models.BooleanField(
                default=True, verbose_name="the compact sets its own minimum notice"
            ),
        ),
        migrations.AddConstraint(
            model_name="compactversion",
            constraint=models.CheckConstraint(
                condition=models.Q(("notice_set_by_compact", True))
                | models.Q(("minimum_notice_months", 3)),
                name="compact_notice_default_is_national",
            ),
        ),
        migrations.AddField(
            model_name="principle",
            name="kind",
            field=models.CharField(
                choices=[("principle", "Principle"), ("section", "Section")],
                default="principle",
                max_length=12,
            ),
        ),
        migrations.CreateModel(
            name="Partner",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("name", models.CharField(max_length=200)),
                (
                    "sector",
                    models.CharField(
                        choices=[("statutory", "Statutory"), ("vcs", "Voluntary and community")],
                        max_length=12,
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="partners",
                        to="commitments.compactversion",
                    ),
                ),
            ],
            options={
                "ordering": ["version", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("version", "position"), name="partner_position_unique"),
                    models.UniqueConstraint(fields=("version", "name"), name="partner_name_unique"),
                ],
            },
        ),
        migrations.CreateModel(
            name="Paragraph",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                ("text", models.TextField()),
                (
                    "principle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="paragraphs",
                        to="commitments.principle",
                    ),
                ),
            ],
            options={
                "ordering": ["principle", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("principle", "position"), name="paragraph_position_unique"),
                ],
            },
        ),
        migrations.CreateModel(
            name="ItemList",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField()),
                (
                    "party",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("statutory", "Statutory bodies"),
                            ("vcs", "Voluntary and community organisations"),
                            ("shared", "Shared aims"),
                            ("all", "All partners"),
                            ("named", "Named partners"),
                            ("", "Not commitments"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "heading",
                    models.CharField(
                        blank=True,
                        help_text="As the compact words it; blank for the usual one",
                        max_length=300,
                    ),
                ),
                ("partners", models.ManyToManyField(blank=True, related_name="lists", to="commitments.partner")),
                (
                    "principle",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lists",
                        to="commitments.principle",
                    ),
                ),
            ],
            options={
                "ordering": ["principle", "position"],
                "constraints": [
                    models.UniqueConstraint(fields=("principle", "position"), name="item_list_position_unique"),
                ],
            },
        ),
        # The old party column stays until 0004, nullable so that going back can refill it.
        migrations.RemoveConstraint(model_name="undertaking", name="undertaking_position_unique"),
        migrations.AlterField(
            model_name="undertaking",
            name="party",
            field=models.CharField(
                choices=[
                    ("statutory", "Statutory bodies"),
                    ("vcs", "Voluntary and community organisations"),
                    ("shared", "Shared aims"),
                ],
                max_length=12,
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="undertaking",
            name="item_list",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="commitments.itemlist",
            ),
        ),
        migrations.AddField(
            model_name="undertaking",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="children",
                to="commitments.undertaking",
            ),
        ),
    ]
