"""Venue mode's address, and that no page, stylesheet, script or PDF template asks the
internet for anything (a venue's Wi-Fi may have none)."""

from __future__ import annotations

import re

import pytest

from launcher import venue
from services.common.settings import PROJECT_ROOT


def test_the_address_chosen_by_hand_wins(monkeypatch):
    monkeypatch.setenv("VENUE_HOST", "10.1.2.3")
    assert venue.venue_host() == "10.1.2.3"


def test_the_detected_address_is_one_other_machines_can_reach(monkeypatch):
    monkeypatch.delenv("VENUE_HOST", raising=False)
    monkeypatch.setattr(venue, "_address_of_the_route", lambda: "127.0.0.1")
    monkeypatch.setattr(venue, "_addresses_of_this_host", lambda: ["169.254.3.4", "192.168.1.23"])
    assert venue.venue_host() == "192.168.1.23"


def test_without_a_network_it_says_what_to_do(monkeypatch):
    monkeypatch.delenv("VENUE_HOST", raising=False)
    monkeypatch.setattr(venue, "_address_of_the_route", lambda: None)
    monkeypatch.setattr(venue, "_addresses_of_this_host", lambda: ["127.0.1.1"])
    with pytest.raises(venue.NoVenueAddress, match="VENUE_HOST"):
        venue.venue_host()


def test_public_urls_bracket_ipv6_addresses():
    assert venue.public_url("192.168.1.23", 8080) == "http://192.168.1.23:8080"
    assert venue.public_url("fd00::5", 8080) == "http://[fd00::5]:8080"


SERVED = ("*.html", "*.css", "*.js", "*.typ", "*.svg")
# XML namespaces name, they are never fetched.
NAMESPACES = re.compile(r"https?://www\.w3\.org/")


def test_nothing_served_or_printed_refers_to_the_internet():
    files = [
        path
        for folder in (PROJECT_ROOT / "services").glob("*/")
        for pattern in SERVED
        for path in folder.rglob(pattern)
    ]
    assert len(files) > 20
    external = {
        str(path.relative_to(PROJECT_ROOT)): found
        for path in files
        if (
            found := [
                u
                for u in re.findall(r"(?:https?:)?//[\w.-]+\.[a-z]{2,}[^\s\"')]*", path.read_text())
                if not NAMESPACES.match(u)
            ]
        )
    }
    assert external == {}


def test_every_link_handed_over_is_made_one_way():
    """external_url (services.common.web) honours the venue address; url_for(_external=True)
    would hand over the address the facilitator's own browser used."""
    sources = [*(PROJECT_ROOT / "services").rglob("*.py"), *(PROJECT_ROOT / "services").rglob("*.html")]
    made_otherwise = [
        str(path.relative_to(PROJECT_ROOT))
        for path in sources
        if "_external=True" in path.read_text() and path.name != "__init__.py"
    ]
    assert made_otherwise == []
