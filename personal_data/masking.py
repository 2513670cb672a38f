"""How supporters' email addresses, postcodes and IP addresses look to staff who may not see them.

Enough is left to tell two rows apart and to recognise a person one already knows ("g•••@e•••.org"
beside the name Grace), not enough to write to them, find their street or tie them to a network.
"""

import ipaddress

HIDDEN = "•••"


def mask_email(value):
    """'grace@example.org' -> 'g•••@e•••.org': the first letter of each part and the top-level domain."""
    if not value:
        return ""
    value = str(value)
    if value.endswith(">") and "<" in value:  # 'Grace Hopper <grace@example.org>'
        name, _, address = value[:-1].rpartition("<")
        return f"{name}<{mask_email(address)}>"
    local, _, domain = value.rpartition("@")
    if not local:
        return HIDDEN
    name, _, top_level = domain.rpartition(".")
    masked_domain = f"{name[:1]}{HIDDEN}.{top_level}" if name else HIDDEN
    return f"{local[:1]}{HIDDEN}@{masked_domain}"


def mask_postcode(value):
    """'SW1A 1AA' -> 'SW1A •••': a UK postcode's outward code (a district, thousands of homes).
    Without a space, everything but the last three characters is kept, at most half of it."""
    if not value:
        return ""
    value = str(value).strip().upper()
    outward, space, _ = value.partition(" ")
    if space:
        return f"{outward} {HIDDEN}"
    kept = min(len(value) - 3, len(value) // 2)
    return f"{value[:kept]}{HIDDEN}" if kept > 0 else HIDDEN


def mask_ip_address(value):
    """'203.0.113.7' -> '203.0.113.•••' (the /24); IPv6 keeps its first three groups (the /48)."""
    if not value:
        return ""
    try:
        address = ipaddress.ip_address(str(value))
    except ValueError:
        return HIDDEN
    if address.version == 4:
        return ".".join(str(address).split(".")[:3] + [HIDDEN])
    groups = address.exploded.split(":")[:3]
    return ":".join(group.lstrip("0") or "0" for group in groups) + f":{HIDDEN}"
