"""Public pages served from the shared cache, and the HTTP headers that let a proxy do so too.

A page wrapped in `public_page(...)` is rendered once for everyone who is not signed in and
then answered from the cache (no queries) until what it shows changes. Services that change
what the public sees call `public_pages_changed(compacts=...)`; that moves a generation
number in the cache, and the page's key includes it, so the old copy is never read again
(it expires by itself). Pages about one compact keep their own generation, so a change in
one compact leaves the other 199 compacts' pages cached.

Only a page that is the same for every anonymous visitor is kept: never one rendered for a
request with a session or a flash message, nor one that used a CSRF token, the CSP nonce,
changed the session or set a cookie. Signed-in pages are marked private and not stored
(`PrivatePagesMiddleware`).
"""

import hashlib
import secrets
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
)

SITE = "pagegen:site"  # moved by every change: pages that span compacts
EVERY_COMPACT = "pagegen:every-compact"  # moved by a change that names no compact


def _compact_key(slug: str) -> str:
    return f"pagegen:compact:{slug}"


def _bump(keys: list[str]) -> None:
    # A fresh random value rather than incr() or the clock: a generation evicted from the
    # cache and made again can never come back to one an old copy of a page was stored under
    # (and a frozen clock in a test still moves it).
    stamp = secrets.token_hex(8)
    cache.set_many(dict.fromkeys(keys, stamp), timeout=None)


_after_change: list[Callable] = []


def register_after_change(handler: Callable) -> None:
    """`handler(compact_slugs)` runs after the commit of every change that renews public pages,
    with the slugs of the compacts named (None when the change named none): a higher app
    prepares its costly figures again there, so the next visitor need not wait for them."""
    if handler not in _after_change:
        _after_change.append(handler)


def public_pages_changed(*, compacts=None) -> None:
    """Say that what the public pages show has changed: for `compacts` (Compact objects or
    slugs) only, or for every compact when None. Call it from the service that made the change.

    The generations move at once (so the same request, or a test, sees the change) and again
    after the transaction commits, so a page rendered from the old rows in between is not kept.
    """
    keys = [SITE]
    if compacts is None:
        keys.append(EVERY_COMPACT)
    else:
        keys += [_compact_key(getattr(compact, "slug", compact)) for compact in compacts]
    _bump(keys)
    slugs = None if compacts is None else [getattr(c, "slug", c) for c in compacts]

    def after_commit():
        _bump(keys)
        for handler in _after_change:
            handler(slugs)

    transaction.on_commit(after_commit)


def _generations(keys: list[str]) -> list:
    found = cache.get_many(keys)
    missing = {key: secrets.token_hex(8) for key in keys if key not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    return [found[key] for key in keys]


def figures_for_compact(compact_slug: str, name: str, compute):
    """`compute()`'s result, kept in the cache until `public_pages_changed` names the compact
    (or no compact), or until the day ends: for figures that are costly to work out and the
    same for everyone who may see them (a compact's annual report). The result must pickle."""
    generations = ".".join(
        str(value) for value in _generations([EVERY_COMPACT, _compact_key(compact_slug)])
    )
    key = f"figures:{compact_slug}:{name}:{timezone.localdate().isoformat()}:{generations}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout=settings.PUBLIC_PAGE_CACHE_SECONDS)
    return value


def _may_share(request) -> bool:
    """Whether this request may be answered with what every anonymous visitor sees."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    if CookieStorage.cookie_name in request.COOKIES:
        return False
    return not request.user.is_authenticated


def _may_store(request, response) -> bool:
    session = getattr(request, "session", None)
    nonce = getattr(request, "_csp_nonce", None)
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not nonce  # a LazyNonce is true only once a template has used it
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _shared_headers(response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


def public_page(view=None, *, compact_kwarg: str | None = None):
    """Serve `view` to anonymous visitors from the cache.

    `compact_kwarg` names the URL argument holding the slug of the one compact the page is
    about; without it the page may show any compact and is renewed by every change.
    """

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _may_share(request):
                response = view(request, *args, **kwargs)
                if request.method in ("GET", "HEAD"):
                    add_never_cache_headers(response)
                return response
            if compact_kwarg:
                scope = [EVERY_COMPACT, _compact_key(kwargs[compact_kwarg])]
            else:
                scope = [SITE]
            # Pages that say "open" or "closed" change with the date.
            today = timezone.localdate().isoformat()
            address = hashlib.sha256(
                f"{request.scheme}://{request.get_host()}{request.get_full_path()}".encode()
            ).hexdigest()
            generations = ".".join(str(value) for value in _generations(scope))
            key = f"page:{address}:{today}:{generations}"
            stored = cache.get(key)
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                response = _shared_headers(response, response["ETag"])
                return get_conditional_response(request, etag=response["ETag"], response=response)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if not _may_store(request, response):
                add_never_cache_headers(response)
                return response
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response = _shared_headers(response, etag)
            cache.set(
                key,
                (response.content, list(response.headers.items())),
                timeout=settings.PUBLIC_PAGE_CACHE_SECONDS,
            )
            return get_conditional_response(request, etag=etag, response=response)

        return wrapped

    return decorate(view) if view is not None else decorate


class PrivatePagesMiddleware:
    """Marks every response to a signed-in person private and not to be stored, so neither a
    shared cache nor the browser's back button keeps their pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class RenewsPublicPagesAdmin:
    """For admin pages that edit what the public sees directly: any save or delete renews
    every public page."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        public_pages_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        public_pages_changed()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        public_pages_changed()
