"""Email addresses compared the way mail providers deliver them, so one person signs once."""

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
