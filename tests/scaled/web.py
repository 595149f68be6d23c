"""What the checks need to act as a browser without one: HTTP sessions from a chosen local address, and the forms
of a page (action, hidden fields) read with the standard library's HTML parser."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

import requests
from requests.adapters import HTTPAdapter

# A client's address on this machine other than the proxy's own (Linux answers the whole 127.0.0.0/8 on lo): the
# hosting log must record this one, not the proxy's, nor what the client wrote in X-Forwarded-For.
CLIENT_ADDRESS = "127.0.0.2"
SPOOFED_ADDRESS = "203.0.113.66"
TIMEOUT = 120


class _FromAddress(HTTPAdapter):
    def __init__(self, address: str):
        self.address = address
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


class Browser(requests.Session):
    """A session against the stack's proxy, connecting from CLIENT_ADDRESS and writing a false X-Forwarded-For of
    its own, as a client may."""

    def __init__(self, base_url: str):
        super().__init__()
        self.base_url = base_url
        self.mount("http://", _FromAddress(CLIENT_ADDRESS))
        self.headers["X-Forwarded-For"] = SPOOFED_ADDRESS
        self.headers["Accept-Language"] = "fr"

    def request(self, method, url, *args, **kwargs):
        kwargs.setdefault("timeout", TIMEOUT)
        return super().request(method, urljoin(self.base_url + "/", url), *args, **kwargs)


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[Form] = []
        self.images: list[dict[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(Form(action=attributes.get("action", ""), method=attributes.get("method", "get").lower()))
        elif tag == "input" and self.forms and attributes.get("type") == "hidden" and attributes.get("name"):
            self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])


def parse(html: str) -> _Forms:
    parser = _Forms()
    parser.feed(html)
    return parser


def form_to(html: str, action_pattern: str) -> Form:
    """The first form whose action matches `action_pattern` (a regular expression), with its hidden fields."""
    for form in parse(html).forms:
        if re.search(action_pattern, form.action):
            return form
    actions = [form.action for form in parse(html).forms]
    raise AssertionError(f"no form to {action_pattern!r} on the page (forms to {actions})")
