import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("commitments", "0003_undertakings_into_lists")]

    operations = [
        migrations.RemoveField(model_name="undertaking", name="party"),
        migrations.AlterField(
            model_name="undertaking",
            name="item_list",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="items",
                to="commitments.itemlist",
            ),
        ),
        migrations.AlterModelOptions(
            name="undertaking", options={"ordering": ["item_list", "position"]}
        ),
        migrations.AddConstraint(
            model_name="undertaking",
            constraint=models.UniqueConstraint(
                fields=("item_list", "position"), name="undertaking_position_in_list_unique"
            ),
        ),
    ]
