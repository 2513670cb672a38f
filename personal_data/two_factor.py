"""Two-factor login (django-two-factor-auth, TOTP): who must use it, and the gate that makes them.

Superusers and holders of the personal-data permission reach no admin page until this session
passed a second factor: without a device they are sent to enrol (QR code and secret), with one to
log in again with a code. Other staff may enrol from "Two-factor login" in the admin's header;
once they have a device, logging in asks them for a code too.
"""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from .models import VIEW_PERSONAL_DATA


def two_factor_required(user):
    return user.is_active and (user.is_superuser or user.has_perm(VIEW_PERSONAL_DATA))


class TwoFactorRequiredMiddleware:
    """After django_otp's OTPMiddleware: turns such users away from every admin view (under any
    language prefix, /admin/ or /fa/admin/) until verified. Logging out stays open."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.namespace != "admin" or match.url_name == "logout":
            return None
        user = request.user
        if not user.is_authenticated or user.is_verified() or not two_factor_required(user):
            return None
        next_query = urlencode({"next": request.get_full_path()})
        if not user_has_device(user):
            return redirect(f"{reverse('two_factor:setup')}?{next_query}")
        return redirect(f"{reverse('two_factor:login')}?{next_query}")
