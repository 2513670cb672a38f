"""The petition widget: a small page other sites show in an iframe, with the count and a way to sign.

The widget sets no cookie and runs no script: its GET reads no session and renders no CSRF token, so
a visitor of the partner's site leaves no trace with us until they act. Either a button opens the
petition's own page in a new tab, or (`?form=1`) the signing form posts into a new tab, where our
normal pages take over: the "check your email" page, and confirmation by POST from the mailed link.

That post comes from the partner's page, where no cookie of ours can be read (a cross-site iframe,
third-party cookies blocked), so it cannot carry a CSRF token: `widget_sign` is `petition_sign`
without the CSRF check. Nothing is lost by it: a signature counts only once its address's owner
confirms on our own page, the honeypot and the limits per address and per email domain still apply.
In place of the CSRF token the form carries a signed token naming the petition and the address the
widget was fetched from (no cookie needed): another site cannot read it from a cross-origin frame,
so it cannot make its visitors' browsers post signatures for it (which would spread its submissions
over their addresses and past the per-address limit). A signer whose token has expired, or whose
address changed since the widget loaded, is taken to the petition's own page to sign there.
The widget alone may be framed (X-Frame-Options and CSP frame-ancestors, by
WIDGET_FRAME_ANCESTORS); every other page keeps `frame-ancestors 'none'`.
"""

from csp.decorators import csp_replace
from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt

from campaign.languages import language_name
from campaign.links import absolute_url

from .forms import SignatureForm
from .models import Petition
from .views import petition_sign

# The iframe's height in the snippet, in pixels: enough for the content at a phone's width.
BUTTON_HEIGHT = 340
FORM_HEIGHT = 1000


WIDGET_FORM_SALT = "petitions.widget-sign"
WIDGET_TOKEN_MAX_AGE = 6 * 3600


def widget_token(request, petition):
    return signing.dumps([petition.slug, request.META.get("REMOTE_ADDR", "")], salt=WIDGET_FORM_SALT)


def widget_token_is_valid(request, slug):
    try:
        token_slug, address = signing.loads(
            request.POST.get("widget_token", ""), salt=WIDGET_FORM_SALT, max_age=WIDGET_TOKEN_MAX_AGE
        )
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return token_slug == slug and address == request.META.get("REMOTE_ADDR", "")


@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.WIDGET_FRAME_ANCESTORS})
def petition_widget(request, slug):
    petition = get_object_or_404(
        Petition.objects.published().with_signature_count().select_related("addressed_to"), slug=slug
    )
    is_open = petition.is_open()
    form = None
    if is_open and request.GET.get("form") == "1":
        form = SignatureForm(petition=petition)
        form.helper.disable_csrf = True  # no token, so no CSRF cookie: see above
    context = {
        "petition": petition,
        "is_open": is_open,
        "form": form,
        "page_url": absolute_url(petition.get_absolute_url()),
        "widget_token": widget_token(request, petition) if form else "",
    }
    response = render(request, "petitions/widget.html", context)
    # The form's token names the visitor's address: no shared cache may hand it to another.
    patch_cache_control(response, **({"private": True} if form else {"public": True}), max_age=60)
    return response


@csrf_exempt  # see the module's docstring: the signed widget token stands in for the CSRF token
def widget_sign(request, slug):
    if request.method == "POST" and not widget_token_is_valid(request, slug):
        return redirect(reverse("petitions:detail", args=[slug]) + "#sign")
    return petition_sign(request, slug)


def widget_snippet(petition, *, language, with_form=False):
    """The HTML a partner pastes: an iframe of the widget in `language`. Sandboxed: it may submit its
    form and open our pages in a new tab, nothing else."""
    with translation.override(language):
        url = absolute_url(reverse("petitions:widget", args=[petition.slug]))
        # The title in that language (django-modeltranslation reads the active one, with its fallback).
        title = _("Petition: %(title)s") % {"title": petition.title}
    if with_form:
        url += "?form=1"
    return format_html(
        '<iframe src="{}" title="{}" width="100%" height="{}" style="border:0;max-width:480px" loading="lazy" '
        'sandbox="allow-forms allow-popups allow-popups-to-escape-sandbox"></iframe>',
        url,
        title,
        FORM_HEIGHT if with_form else BUTTON_HEIGHT,
    )


def widget_snippets(petition):
    """[(label, snippet), …] for the petition's admin page: each language, with a button or the form."""
    snippets = []
    for code, _name in settings.LANGUAGES:
        language = language_name(code)
        snippets.append(
            (
                _("%(language)s: the count and a button") % {"language": language},
                widget_snippet(petition, language=code),
            )
        )
        snippets.append(
            (
                _("%(language)s: the count and the form") % {"language": language},
                widget_snippet(petition, language=code, with_form=True),
            )
        )
    return snippets
