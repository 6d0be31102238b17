"""A minimal browser stand-in: keeps cookies, fills in NHS.UK forms, follows redirects.

It answers each page with the first option of every radio group (or a plausible value
for text), which is enough to walk any hub's journey to its measure pages.
"""

import http.cookiejar
import re
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action = None
        self.fields: dict[str, str] = {}
        self.radios: dict[str, str] = {}
        self.checkboxes: dict[str, str] = {}
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "get").lower() == "post" and self.action is None:
            self.in_form = True
            self.action = attrs.get("action") or ""
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind == "hidden":
                self.fields[name] = attrs.get("value", "")
            elif kind == "radio":
                self.radios.setdefault(name, attrs.get("value", ""))
            elif kind == "checkbox":
                self.checkboxes.setdefault(name, attrs.get("value", ""))
            elif kind == "email":
                self.fields.setdefault(name, "bench@example.org")
            elif kind in ("text", "tel", "number"):
                self.fields.setdefault(name, _text_for(name, attrs))
        elif tag == "textarea" and name or tag == "select" and name:
            self.fields.setdefault(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def _text_for(name: str, attrs: dict) -> str:
    if "phone" in name:
        return "07700 900123"
    if attrs.get("inputmode") == "numeric" or "age" in name:
        return "35"
    if "day" in name:
        return "1"
    if "month" in name:
        return "1"
    if "year" in name:
        return "1990"
    return "Bench Person"


# Answers that keep a synthetic person eligible and without risk, where the first
# option would not: an adult NHS worker in the region with no thoughts of self-harm.
PREFERRED_VALUES = ("35-to-44", "staff", "nhs", "yes")


class _AllRadios(_FormParser):
    def __init__(self):
        super().__init__()
        self.options: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        named = dict(attrs)
        if self.in_form and tag == "input" and named.get("type") == "radio":
            self.options.setdefault(named["name"], []).append(named.get("value", ""))


def parse_form(html: str) -> tuple[str | None, dict[str, str]]:
    parser = _AllRadios()
    parser.feed(html)
    radios = dict(parser.radios)
    for name, values in parser.options.items():
        preferred = [v for v in PREFERRED_VALUES if v in values]
        if preferred:
            radios[name] = preferred[0]
    data = {**parser.fields, **radios, **parser.checkboxes}
    return parser.action, data


BUTTON_LINK = r'<a[^>]*class="[^"]*nhsuk-button[^"]*"[^>]*href="([^"]+)"'
BUTTON_LINK_HREF_FIRST = r'<a[^>]*href="([^"]+)"[^>]*class="[^"]*nhsuk-button'


class JourneyClient:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.url = None
        self.html = ""

    def get(self, path: str) -> str:
        with self.opener.open(urllib.parse.urljoin(self.base_url, path), timeout=30) as r:
            self.url, self.html = r.geturl(), r.read().decode()
        return self.html

    def submit(self, overrides: dict | None = None) -> str:
        """Post the page's first POST form with default answers; returns the next page."""
        action, data = parse_form(self.html)
        if action is None:
            button = re.search(BUTTON_LINK, self.html)
            button = button or re.search(BUTTON_LINK_HREF_FIRST, self.html)
            if not button:
                raise RuntimeError(f"no form or button on {self.url}")
            return self.get(urllib.parse.urljoin(self.url, button.group(1))) and self.url
        data.update(overrides or {})
        target = urllib.parse.urljoin(self.url, action or self.url)
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(target, data=body, timeout=30) as r:
            self.url, self.html = r.geturl(), r.read().decode()
        return self.url

    def post_raw(self, url: str, data: dict) -> int:
        """One POST without following the redirect; returns the status code."""
        request = urllib.request.Request(url, data=urllib.parse.urlencode(data).encode())
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )
        try:
            with opener.open(request, timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as error:
            return error.code

    def walk_until(self, pattern: str, limit: int = 60) -> str:
        """Answer pages until the current address matches `pattern`."""
        for _ in range(limit):
            if re.search(pattern, self.url or ""):
                return self.url
            self.submit()
        raise RuntimeError(f"never reached {pattern}; stuck at {self.url}")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
