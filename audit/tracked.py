"""Which records the database keeps a history of, and how each reaches its compact.

The path is a Django lookup from the record to its compact, so that the trigger can file
each change under the compact whose steering group may read it. A label whose model no
longer exists is skipped rather than failing a migrate.
"""

TRACKED = {
    "signatories.Signatory": "compact",
    "signatories.SignatoryStatusChange": "compact",
    "accountability.FundingChange": "compact",
    "accountability.FundingChangeAmendment": "funding_change__compact",
    "accountability.ExceptionalRequest": "funding_change__compact",
    "accountability.FundingChangeResponse": "funding_change__compact",
    "accountability.Consultation": "compact",
    "disputes.Case": "compact",
    "disputes.TimelineEntry": "case__compact",
    "commitments.CompactVersion": "compact",
    "commitments.Partner": "version__compact",
    "commitments.Principle": "version__compact",
    "commitments.Paragraph": "principle__version__compact",
    "commitments.ItemList": "principle__version__compact",
    "commitments.Undertaking": "principle__version__compact",
}


def tracked_models(apps):
    """(model, path to its compact) for each tracked label that `apps` knows."""
    found = []
    for label, path in TRACKED.items():
        try:
            found.append((apps.get_model(label), path))
        except LookupError:
            continue
    return found


def trigger_arguments(model, path: str) -> list[str]:
    """The hops from a row to its compact's id: the first column, then for each parent the
    table to look in and the column to read there; e.g. a timeline entry gives
    ["case_id", "disputes_case", "compact_id"]."""
    arguments = []
    for step in path.split("__"):
        field = model._meta.get_field(step)
        if arguments:
            arguments.append(model._meta.db_table)
        arguments.append(field.column)
        model = field.related_model
    return arguments


def model_for_table(apps, table: str):
    """The tracked model stored in `table`, or None."""
    for model, _path in tracked_models(apps):
        if model._meta.db_table == table:
            return model
    return None
