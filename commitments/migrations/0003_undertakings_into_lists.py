"""Each principle's undertakings of one party become one list, in the order they had."""

from django.db import migrations

PARTY_ORDER = ("statutory", "vcs", "shared")


def into_lists(apps, schema_editor):
    Principle = apps.get_model("commitments", "Principle")
    ItemList = apps.get_model("commitments", "ItemList")
    Undertaking = apps.get_model("commitments", "Undertaking")
    for principle in Principle.objects.all().iterator():
        undertakings = Undertaking.objects.filter(principle=principle)
        for list_position, party in enumerate(
            (p for p in PARTY_ORDER if undertakings.filter(party=p).exists()), start=1
        ):
            item_list = ItemList.objects.create(
                principle=principle, position=list_position, party=party
            )
            undertakings.filter(party=party).update(item_list=item_list)


def back_to_parties(apps, schema_editor):
    # The old schema knows only the three parties; lists of all or named partners and
    # other lists fold into shared aims, and sub-items become items of their own.
    Undertaking = apps.get_model("commitments", "Undertaking")
    for party in PARTY_ORDER:
        Undertaking.objects.filter(item_list__party=party).update(party=party)
    Undertaking.objects.filter(party__isnull=True).update(party="shared")
    Undertaking.objects.update(parent=None)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_compact_document_parts")]

    operations = [migrations.RunPython(into_lists, back_to_parties)]
