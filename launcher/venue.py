"""`make venue`: the stack on the laptop's address on the venue's network, so that the
leaders' phones on the same Wi-Fi reach it and every link and QR code handed over points
there. Nothing is fetched from the internet (pages, PDFs and fonts are all local), so a
workshop runs on a Wi-Fi with no internet at all."""

from __future__ import annotations

import ipaddress
import os
import socket

# Any address on a private network will do: connecting a UDP socket sends nothing, it only
# asks the kernel which local address would carry the traffic.
_PROBE = ("192.168.255.255", 9)


class NoVenueAddress(RuntimeError):
    pass


def venue_host() -> str:
    """VENUE_HOST if set, else this machine's address on its local network."""
    chosen = os.environ.get("VENUE_HOST", "").strip()
    if chosen:
        return chosen
    for candidate in (_address_of_the_route(), *_addresses_of_this_host()):
        if candidate and _reachable_by_others(candidate):
            return candidate
    raise NoVenueAddress(
        "No address on a local network was found: join the venue's Wi-Fi, or set VENUE_HOST "
        "(for example VENUE_HOST=192.168.1.23 make venue)."
    )


def _address_of_the_route() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
        except OSError:  # no route at all
            return None
        return probe.getsockname()[0]


def _addresses_of_this_host() -> list[str]:
    try:
        return socket.gethostbyname_ex(socket.gethostname())[2]
    except OSError:
        return []


def _reachable_by_others(address: str) -> bool:
    parsed = ipaddress.ip_address(address)
    return not (parsed.is_loopback or parsed.is_link_local or parsed.is_unspecified)


def public_url(host: str, port: int) -> str:
    return f"http://{host}:{port}" if ":" not in host else f"http://[{host}]:{port}"
