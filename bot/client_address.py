"""The client's address, as rate limits, the log-in slow-down and the audit log see it.

Behind a reverse proxy every request comes from the proxy, so the address the proxy saw
is taken from X-Forwarded-For (or, without it, RFC 7239 Forwarded), but only when the
direct peer is a trusted proxy (TRUSTED_PROXIES). The header is read from the right: each
trusted proxy appends the address it saw, so the right-most hop that is not a trusted
proxy is the client; anything to its left was written by the client and may be forged.
"""

from __future__ import annotations

import ipaddress
import re
from typing import List, Optional, Sequence, Union

from aiohttp import web

from clinic.settings import Network

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]

# Set by the app factory from Settings.trusted_proxies; absent means "trust no proxy".
TRUSTED_PROXIES = web.AppKey("trusted_proxies", tuple)
UNKNOWN = "unknown"
_FORWARDED_FOR = re.compile(r'(?:^|;)\s*for\s*=\s*("[^"]*"|[^;,\s]*)', re.IGNORECASE)


def parse_address(value: str) -> Optional[Address]:
    """An address from a header hop: "1.2.3.4", "1.2.3.4:5678", "[2001:db8::1]:443", '"..."'."""
    value = value.strip().strip('"')
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address, networks: Sequence[Network]) -> bool:
    return any(address.version == n.version and address in n for n in networks)


def _forwarded_hops(request: web.BaseRequest) -> List[str]:
    """Every hop the proxies recorded, oldest first (all header lines, in order)."""
    xff = request.headers.getall("X-Forwarded-For", [])
    if xff:
        return [hop for line in xff for hop in line.split(",")]
    hops = []
    for line in request.headers.getall("Forwarded", []):
        for element in line.split(","):
            match = _FORWARDED_FOR.search(element)
            hops.append(match.group(1) if match else "")
    return hops


def resolve(peer: Optional[str], hops: Sequence[str], networks: Sequence[Network]) -> str:
    """The client address, given the direct peer and the forwarded hops (oldest first)."""
    current = parse_address(peer or "")
    if current is None:
        return UNKNOWN
    for hop in reversed(hops):
        if not _trusted(current, networks):
            break
        previous = parse_address(hop)
        if previous is None:  # garbage passed on by a trusted proxy: stop at that proxy
            break
        current = previous
    return str(current)


def client_address(request: web.BaseRequest) -> str:
    networks = request.config_dict.get(TRUSTED_PROXIES, ())
    hops = _forwarded_hops(request) if networks else []
    return resolve(request.remote, hops, networks)
