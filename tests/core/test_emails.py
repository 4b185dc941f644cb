"""The portal's one e-mail path (core.emails): plain text as typed, HTML escaped."""

import pytest

from reviews.models import HelpOffer
from reviews.services import help_offer_make
from tests.factories import OrganisationFactory, SignatoryFactory, UserFactory, published_compact

pytestmark = pytest.mark.django_db


def test_the_text_part_and_subject_keep_apostrophes_and_angle_brackets_as_typed(
    django_capture_on_commit_callbacks, mailoutbox
):
    compact = published_compact(name="St Mary's <b>Compact</b>")
    organisation = OrganisationFactory(name="O'Neill's <b>Youth</b> Club", slug="oneills")
    SignatoryFactory(organisation=organisation, compact=compact)
    chair = UserFactory(full_name="Siobhán O'Neill <b>")
    with django_capture_on_commit_callbacks(execute=True):
        help_offer_make(
            actor=chair,
            compact=compact,
            organisation=organisation,
            year=2026,
            kind=HelpOffer.Kind.TRAINING,
            message="We'll run a <b>briefing</b> & answer questions.",
        )

    [message] = mailoutbox
    assert message.subject.startswith("St Mary's <b>Compact</b>: the steering group offers")
    assert "Hello O'Neill's <b>Youth</b> Club," in message.body
    assert "We'll run a <b>briefing</b> & answer questions." in message.body
    assert "Siobhán O'Neill <b>" in message.body
    for escaped in ("&#x27;", "&lt;", "&gt;", "&amp;"):
        assert escaped not in message.subject + message.body

    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    # The HTML part is still escaped: what people type never becomes markup.
    assert "O&#x27;Neill&#x27;s &lt;b&gt;Youth&lt;/b&gt; Club" in html
    assert "<b>Youth</b>" not in html and "<b>briefing</b>" not in html
