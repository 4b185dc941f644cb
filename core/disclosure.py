"""Small numbers in public figures: the one rule for every published count.

A count of one or two concerns, funding changes or organisations in a row of a public
table can point to one case or one small organisation. Public figures therefore show any
count from 1 to `PUBLIC_FIGURES_THRESHOLD - 1` (setting, default 5) as "fewer than 5",
and no share or average worked out from so few. Zero is shown: it names nobody.
The annual report (its page, PDF and CSV) and the statutory bodies' records all use
this, so a figure hidden on a page is hidden in its download too.
"""

from dataclasses import dataclass

from django.conf import settings

DEFAULT_THRESHOLD = 5


def threshold() -> int:
    return getattr(settings, "PUBLIC_FIGURES_THRESHOLD", DEFAULT_THRESHOLD)


@dataclass(frozen=True)
class Suppressed:
    """A count too small to publish; reads as "fewer than 5" wherever it is shown."""

    below: int

    def __str__(self) -> str:
        return f"fewer than {self.below}"

    def __float__(self) -> float:
        # So that a template's |pluralize reads it as plural: "fewer than 5 concerns".
        return float(self.below)


def is_small(count) -> bool:
    return isinstance(count, int) and not isinstance(count, bool) and 0 < count < threshold()


def public_count(count):
    """`count` as it may be published: itself, or `Suppressed` when small."""
    return Suppressed(threshold()) if is_small(count) else count


def public_share(value, *, base: int):
    """A share or average worked out from `base` cases: None (shown as a dash) when
    `base` is small, since it would describe those few."""
    return None if is_small(base) else value
