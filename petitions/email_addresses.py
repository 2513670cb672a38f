"""Email addresses compared the way mail providers deliver them, so one person signs once."""

import re
from functools import cache

from publicsuffixlist import PublicSuffixList

# Providers that deliver "name+anything@" to "name@".
PLUS_TAG_PROVIDERS = {
    "gmail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "live.co.uk",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "fastmail.com",
    "yandex.com",
}
# Gmail ignores dots in the local part; googlemail.com is the same mailbox.
DOT_BLIND_PROVIDERS = {"gmail.com"}
DOMAIN_SYNONYMS = {"googlemail.com": "gmail.com"}
# Providers so large that a limit per domain would block ordinary signers.
LARGE_PROVIDERS = PLUS_TAG_PROVIDERS | {
    "yahoo.com",
    "yahoo.co.uk",
    "aol.com",
    "btinternet.com",
    "sky.com",
    "virginmedia.com",
    "gmx.com",
    "gmx.de",
    "web.de",
    "mail.ru",
}


def email_domain(address):
    domain = address.rpartition("@")[2].strip().lower().rstrip(".")
    return DOMAIN_SYNONYMS.get(domain, domain)


def normalise_email(address):
    """'John.Smith+petition@GoogleMail.com' → 'johnsmith@gmail.com'; other domains keep their dots and tags."""
    local, _, _ = address.strip().rpartition("@")
    local = local.lower()
    domain = email_domain(address)
    if domain in PLUS_TAG_PROVIDERS:
        local = local.split("+", 1)[0]
    if domain in DOT_BLIND_PROVIDERS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


@cache
def public_suffix_list():
    """The Public Suffix List as the publicsuffixlist package ships it: nothing is fetched at run
    time (a new release of the package brings a new list). Only ICANN's part: under the private part's
    suffixes (dynamic DNS and the like) anyone can make names for free, so those count as one domain."""
    return PublicSuffixList(only_icann=True)


def is_ip_literal(domain):
    """'[1.2.3.4]', '[IPv6:…]' or '1.2.3.4': an address, not a name. No top-level domain is numeric."""
    return domain.startswith("[") or bool(re.fullmatch(r"[0-9]+", domain.rpartition(".")[2]))


def registrable_domain(domain):
    """The part of a domain its owner registered: 'a.dom.example' and 'b.dom.example' → 'dom.example',
    'x.y.example.co.uk' → 'example.co.uk'. A public suffix or an IP literal is returned as it is."""
    if not domain or is_ip_literal(domain):
        return domain
    return public_suffix_list().privatesuffix(domain) or domain
