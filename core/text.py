"""Small text helpers shared by templates and forms."""

import re

_TITLE_CASE_WORD = re.compile(r"\b([A-Z])([a-z]+)")


def sentence_case(text: str) -> str:
    """'Verify Your Email Address' -> 'Verify your email address', as GOV.UK writes headings.

    Only the first letter of the text keeps its capital; words in capitals (TOTP) and
    the pronoun "I" are left alone. For fixed interface text (allauth's), not for names.
    """
    text = str(text)
    first = re.search(r"[A-Za-z]", text)
    if first is None:
        return text
    start = first.end()
    return text[:start] + _TITLE_CASE_WORD.sub(
        lambda m: m.group(0) if m.group(0) == "I" else m.group(1).lower() + m.group(2),
        text[start:],
    )


def person_name(user, nobody: str = "The portal") -> str:
    """Who did something, as a page names them: their full name, else their e-mail address.

    `nobody` when no person did it: the portal acting by itself (a compact refresh, demo
    content) or an account removed since. Every "by whom" on a page goes through here, so
    a missing person is never a server error.
    """
    if not user:
        return nobody
    return getattr(user, "full_name", "") or getattr(user, "email", "") or nobody
