"""What roles a person has, in one place, for the navigation and for "Your tasks".

Roles live in the apps (a steering group seat in commitments, a membership in
signatories, a mediator on a disputes panel), so each app registers a role provider in
AppConfig.ready(): a query of its rows (`role_rows`) and a function turning a row into
roles. `roles_of(user)` reads every provider's rows in one UNION query, once per request
(the answer is kept on the user object), because the navigation asks on every page.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import CharField, F, IntegerField, Value

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


@dataclass(frozen=True)
class RoleRow:
    """One row of a provider's query: the kind of row, where it applies, and words for it."""

    kind: str
    compact_id: int | None
    organisation_id: int | None
    name: str
    detail: str


@dataclass(frozen=True)
class RoleProvider:
    rows: Callable  # (user) -> QuerySet made by role_rows(), or None when there is nothing
    roles: Callable  # (RoleRow) -> list[Role]
    kinds: tuple[str, ...]  # the row kinds this provider's rows carry


_providers: list[RoleProvider] = []


def register_role_provider(*, kinds: tuple[str, ...], rows: Callable, roles: Callable) -> None:
    """`rows(user)` gives a queryset from `role_rows()`; `roles(row)` turns each row into roles.
    The rows of every provider are read in one UNION query, however many apps provide."""
    if any(provider.rows is rows for provider in _providers):
        return
    _providers.append(RoleProvider(rows=rows, roles=roles, kinds=kinds))


def role_rows(
    queryset, *, kind: str, name: str, compact: str = "", organisation: str = "", detail: str = ""
):
    """`queryset` as the five columns every provider gives (field names as arguments), so
    that core can UNION the providers' queries."""
    return (
        queryset.order_by()
        .annotate(
            role_kind=Value(kind, output_field=CharField()),
            role_compact=F(compact) if compact else Value(None, output_field=IntegerField()),
            role_organisation=(
                F(organisation) if organisation else Value(None, output_field=IntegerField())
            ),
            role_name=F(name),
            role_detail=F(detail) if detail else Value("", output_field=CharField()),
        )
        .values_list("role_kind", "role_compact", "role_organisation", "role_name", "role_detail")
    )  # fmt: skip


def roles_of(user) -> Roles:
    """Every role `user` holds, from every app, in one query; nothing for an anonymous visitor."""
    if not getattr(user, "is_authenticated", False):
        return Roles()
    cached = getattr(user, "_portal_roles", None)
    if cached is not None:
        return cached
    queries = [query for provider in _providers if (query := provider.rows(user)) is not None]
    found = []
    if queries:
        by_kind = {kind: provider for provider in _providers for kind in provider.kinds}
        union = queries[0].union(*queries[1:], all=True).order_by()
        rows = [RoleRow(*values) for values in union]
        for row in sorted(rows, key=lambda r: (list(by_kind).index(r.kind), r.name)):
            found.extend(by_kind[row.kind].roles(row))
    roles = Roles(found)
    user._portal_roles = roles
    return roles
