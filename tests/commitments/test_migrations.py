"""The document migration: a compact stored as principles with three flat lists keeps every word."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commitments.models import CompactVersion, ItemList, Undertaking

BEFORE = [("commitments", "0001_initial")]
AFTER = [("commitments", "0004_undertaking_party_from_its_list")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def migrations_restored():
    """Put every app back at its latest migration, for the tests that follow."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_undertakings_move_into_one_list_per_party_and_back(migrations_restored):
    old = _migrate(BEFORE)
    compact = old.get_model("commitments", "Compact").objects.create(
        name="Oldtown Compact", slug="oldtown", area="Oldtown"
    )
    version = old.get_model("commitments", "CompactVersion").objects.create(
        compact=compact,
        number=1,
        label="2019",
        adopted_on=datetime.date(2019, 4, 1),
        status="published",
        minimum_notice_months=6,
    )
    Principle = old.get_model("commitments", "Principle")
    OldUndertaking = old.get_model("commitments", "Undertaking")
    first = Principle.objects.create(version=version, position=1, title="Independence")
    second = Principle.objects.create(version=version, position=2, title="Fair change")
    rows = [
        (first, "statutory", 1, "Respect campaigning."),
        (first, "statutory", 2, "Keep forms short."),
        (first, "vcs", 1, "Be open."),
        (first, "shared", 1, "A lively sector."),
        (second, "vcs", 1, "Plan for change."),
    ]
    ids = {
        text: OldUndertaking.objects.create(
            principle=principle, party=party, position=position, text=text
        ).pk
        for principle, party, position, text in rows
    }

    _migrate(AFTER)

    stored = CompactVersion.objects.get(pk=version.pk)
    assert stored.minimum_notice_months == 6 and stored.notice_set_by_compact
    lists = {
        (item_list.principle.position, item_list.position): (
            item_list.party,
            [item.text for item in item_list.items.order_by("position")],
        )
        for item_list in ItemList.objects.filter(principle__version=stored)
    }
    assert lists == {
        (1, 1): ("statutory", ["Respect campaigning.", "Keep forms short."]),
        (1, 2): ("vcs", ["Be open."]),
        (1, 3): ("shared", ["A lively sector."]),
        (2, 1): ("vcs", ["Plan for change."]),
    }
    # The same rows, so concerns that named an undertaking still name it.
    assert dict(Undertaking.objects.values_list("text", "pk")) == ids
    assert all(p.kind == "principle" for p in stored.principles.all())

    back = _migrate(BEFORE)
    parties = dict(
        back.get_model("commitments", "Undertaking").objects.values_list("text", "party")
    )
    assert parties == {text: party for _, party, _, text in rows}
