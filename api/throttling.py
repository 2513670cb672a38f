from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientAddressThrottle(SimpleRateThrottle):
    """API_RATE requests per client address (REMOTE_ADDR, which campaign.proxies sets from trusted
    proxies only), counted in the default cache: Redis, shared by every web process. A request over
    the limit gets 429 with Retry-After."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": request.META.get("REMOTE_ADDR", "")}
