"""Showing personal data without giving it away: an address or postcode recognisable to its owner
and to no one else."""


def mask_email(address):
    """'grace.oconnell@example.org' → 'g•••@e•••.org'."""
    if not address or "@" not in address:
        return "•••"
    local, _, domain = address.rpartition("@")
    name, dot, tld = domain.rpartition(".")
    masked_domain = f"{name[:1]}•••{dot}{tld}" if dot else f"{domain[:1]}•••"
    return f"{local[:1]}•••@{masked_domain}"
