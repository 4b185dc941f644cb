"""What roles a person has, in one place, for the navigation and for "Your tasks".

Roles live in the apps (a steering group seat in commitments, a membership in
signatories, a mediator on a disputes panel), so each app registers a role provider in
AppConfig.ready(): `provider(user) -> list[Role]`, one query or two. `roles_of(user)`
asks them all once per request (the answer is kept on the user object).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

# Kinds of role the navigation and task sources look for.
STEERING = "steering"  # sits on a compact's steering group
OFFICER = "officer"  # works for a statutory body with an active signature
MEMBER = "member"  # belongs to an organisation
ADMINISTRATOR = "administrator"  # runs an organisation's people and signatures
MEDIATOR = "mediator"  # on a compact's mediation panel


@dataclass(frozen=True)
class Role:
    kind: str
    label: str  # what the person is, in words: "Steering group of Riverside Compact"
    compact_id: int | None = None
    organisation_id: int | None = None


@dataclass
class Roles:
    roles: list[Role] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return any(role.kind == kind for role in self.roles)

    def compact_ids(self, kind: str) -> set[int]:
        return {r.compact_id for r in self.roles if r.kind == kind and r.compact_id}

    def organisation_ids(self, kind: str) -> set[int]:
        return {r.organisation_id for r in self.roles if r.kind == kind and r.organisation_id}

    @property
    def is_steering(self) -> bool:
        return self.has(STEERING)

    @property
    def is_officer(self) -> bool:
        return self.has(OFFICER)

    @property
    def is_member(self) -> bool:
        return self.has(MEMBER)

    @property
    def is_mediator(self) -> bool:
        return self.has(MEDIATOR)

    @property
    def steering_compact_ids(self) -> set[int]:
        return self.compact_ids(STEERING)

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(role.label for role in self.roles))

    def __bool__(self) -> bool:
        return bool(self.roles)


_providers: list[Callable] = []


def register_role_provider(provider: Callable) -> None:
    """`provider(user) -> list[Role]`, registered once however often ready() runs."""
    if provider not in _providers:
        _providers.append(provider)


def roles_of(user) -> Roles:
    """Every role `user` holds, from every app; nothing for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    roles = Roles([role for provider in _providers for role in provider(user)])
    user._portal_roles = roles
    return roles
