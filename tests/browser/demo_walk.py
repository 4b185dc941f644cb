"""Walks the portal as one person: breadth-first over the links on each page, one page per shape.

A page's shape is the name its URL resolves to, the names (not the values) of the URL's
arguments and the names of its query parameters: /organisations/a/ and /organisations/b/
are one shape, so the walk stays small however much demo data there is, and a page that
appears later (a new view, a new link) is walked without anyone listing it here.
"""

import functools
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from django.conf import settings
from django.urls import Resolver404, resolve

# Never followed: signing out would end the walk, and a GET of a delete link is at best a
# confirmation page whose only way on is a POST the walk never makes.
SKIPPED_URL_NAMES = {"account_logout", "admin:logout"}
SKIPPED_PATH_WORDS = ("/delete/",)
# Files, not pages.
SKIPPED_PATH_PREFIXES = ("/static/", "/media/")
# Whatever the walk fetches, it stops after this many pages: a bound, not a target.
MAX_PAGES = 400


class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _internal_hosts():
    return {"", "testserver", urlsplit(settings.SITE_URL).netloc}


def internal_path(href: str, *, page_path: str) -> str | None:
    """The path and query `href` leads to on this site, or None (another site, mailto:, #)."""
    parts = urlsplit(href)
    if parts.scheme not in ("", "http", "https") or parts.netloc not in _internal_hosts():
        return None
    if not parts.path and not parts.query:
        return None  # "#main-content": the same page
    path = parts.path
    if not path.startswith("/"):
        # Relative: resolved against the directory of the page it is on.
        path = page_path.rsplit("/", 1)[0] + "/" + path if path else page_path
    return urlunsplit(("", "", path, parts.query, ""))


def links_on(html: str, *, page_path: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    found = (internal_path(href, page_path=page_path) for href in parser.hrefs)
    return [url for url in found if url]


@functools.cache
def shape_of(url: str) -> str:
    """ "namespace:name(arg, …)?key&…", or "unresolved:<path>" for a path nothing serves."""
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return f"unresolved:{parts.path}"
    shape = f"{match.view_name}({', '.join(sorted(match.kwargs))})"
    # The admin's sorting and filter links are one page to this walk; elsewhere a query
    # parameter (a page number, a filter) can take a view down another path.
    if not parts.path.startswith("/admin/"):
        keys = sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)})
        if keys:
            shape += "?" + "&".join(keys)
    return shape


def is_skipped(url: str) -> bool:
    path = urlsplit(url).path
    if path.startswith(SKIPPED_PATH_PREFIXES) or any(w in path for w in SKIPPED_PATH_WORDS):
        return True
    return shape_of(url).split("(")[0] in SKIPPED_URL_NAMES


@dataclass
class Visit:
    url: str
    shape: str
    status: int
    content_type: str
    found_on: str | None
    location: str = ""

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


@dataclass
class Walk:
    visits: list[Visit] = field(default_factory=list)
    urls_reached: set[str] = field(default_factory=set)

    @property
    def shapes(self) -> set[str]:
        return {visit.shape for visit in self.visits}

    def by_status(self, predicate) -> list[Visit]:
        return [visit for visit in self.visits if predicate(visit.status)]


def fetch(client, url: str):
    """GET `url` with the test client, reading a streamed download to its end."""
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def walk(
    client,
    *,
    starts=("/",),
    prefer: frozenset[str] = frozenset(),
    public_downloads: dict[str, Visit] | None = None,
) -> Walk:
    """Follow every link reachable from `starts`, level by level, fetching one page per shape.

    Within a level, a URL in `prefer` is chosen over others of its shape (so a walk can be
    steered towards, say, a lapsed signature without naming its page). Redirects count as
    links. HTML pages are read for links; downloads are fetched for their status only,
    except those in `public_downloads` (a PDF anyone may fetch, already fetched by
    anonymous: the same file for everyone, and slow to make).
    """
    public_downloads = public_downloads or {}
    result = Walk()
    walked_shapes: set[str] = set()
    level = [(start, None) for start in starts]
    while level and len(result.visits) < MAX_PAGES:
        chosen: dict[str, tuple[str, str | None]] = {}
        for url, found_on in level:
            if is_skipped(url):
                continue
            shape = shape_of(url)
            if shape in walked_shapes:
                continue
            current = chosen.get(shape)
            if current is None or (url in prefer and current[0] not in prefer):
                chosen[shape] = (url, found_on)
        level = []
        for shape, (url, found_on) in chosen.items():
            if len(result.visits) >= MAX_PAGES:
                break
            walked_shapes.add(shape)
            if url in public_downloads:
                result.visits.append(replace(public_downloads[url], found_on=found_on))
                continue
            response = fetch(client, url)
            visit = Visit(
                url=url,
                shape=shape,
                status=response.status_code,
                content_type=response.get("Content-Type", ""),
                found_on=found_on,
                location=response.get("Location", ""),
            )
            result.visits.append(visit)
            path = urlsplit(url).path
            if visit.location:
                onward = [internal_path(visit.location, page_path=path)]
            elif visit.status == 200 and visit.is_html:
                onward = links_on(response.content.decode(), page_path=path)
            else:
                onward = []
            for link in filter(None, onward):
                result.urls_reached.add(link)
                level.append((link, url))
    return result
