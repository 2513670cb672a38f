"""The admin of lobbying: stances (with their history) and the contact log, and the whip count of
each ask, where staff read where Parliament stands, change stances, log contacts and make an
outreach audience from what they filtered. All of it needs the `view_whip_count` permission."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from simple_history.admin import SimpleHistoryAdmin

from people.models import ParliamentaryRole, Person
from recommendations.models import Recommendation

from . import services
from .forms import ContactForm, StanceForm
from .models import ContactLog, Stance

ROWS_PER_PAGE = 100


def may_see_whip_count(request):
    return request.user.is_active and request.user.has_perm("lobbying.view_whip_count")


def may_change_stances(request):
    return may_see_whip_count(request) and request.user.has_perms(["lobbying.add_stance", "lobbying.change_stance"])


def may_log_contacts(request):
    return may_see_whip_count(request) and request.user.has_perm("lobbying.add_contactlog")


def whip_count_url(recommendation_id, filters=""):
    """The whip count of an ask with the filters of `filters` (a query string), rebuilt from the
    valid filters only, so a posted value can never send staff elsewhere."""
    query = urlencode(services.WhipFilter.from_query(QueryDict(filters or "")).as_query())
    url = reverse("admin:lobbying_whip_count", args=[recommendation_id])
    return f"{url}?{query}" if query else url


class NeedsWhipCountPermission:
    """Stances and contacts are seen, and so changed, only by staff who may see the whip count,
    whatever else their group allows."""

    def has_module_permission(self, request):
        return may_see_whip_count(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return may_see_whip_count(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return may_see_whip_count(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return may_see_whip_count(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return may_see_whip_count(request) and super().has_delete_permission(request, obj)


class WhipCountAdminMixin:
    """The whip-count pages, hung on the stance admin's URLs."""

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("whip-count/", wrap(self.whip_count_index_view), name="lobbying_whip_count_index"),
            path("whip-count/<int:recommendation_id>/", wrap(self.whip_count_view), name="lobbying_whip_count"),
            path(
                "whip-count/<int:recommendation_id>/stance/",
                wrap(require_POST(self.stance_quick_edit_view)),
                name="lobbying_whip_count_stance",
            ),
            path(
                "whip-count/<int:recommendation_id>/contact/<int:person_id>/",
                wrap(self.contact_view),
                name="lobbying_whip_count_contact",
            ),
            path(
                "whip-count/<int:recommendation_id>/audience/",
                wrap(require_POST(self.audience_view)),
                name="lobbying_whip_count_audience",
            ),
        ] + super().get_urls()

    def whip_context(self, request, title):
        return {**self.admin_site.each_context(request), "opts": Stance._meta, "title": title}

    def whip_count_index_view(self, request):
        if not may_see_whip_count(request):
            raise PermissionDenied
        current = ParliamentaryRole.objects.filter(is_current=True).values("person_id")
        total = Person.objects.filter(pk__in=current).count()
        counted = (
            Stance.objects.filter(person__in=current)
            .exclude(stance=Stance.Position.NOT_CONTACTED)
            .values_list("recommendation_id", "stance")
            .annotate(n=Count("id"))
            .order_by()
        )
        by_ask = {}
        for recommendation_id, stance, number in counted:
            by_ask.setdefault(recommendation_id, {})[stance] = number
        stances = Stance.Position.values
        asks = []
        for recommendation in Recommendation.objects.select_related("campaign").order_by("campaign_id", "order", "id"):
            counts = by_ask.get(recommendation.pk, {})
            row = [counts.get(stance, 0) for stance in stances]
            row[stances.index(Stance.Position.NOT_CONTACTED)] = total - sum(counts.values())
            asks.append((recommendation, row))
        context = {
            **self.whip_context(request, _("Whip count")),
            "asks": asks,
            "stances": Stance.Position.choices,
            "total": total,
        }
        return TemplateResponse(request, "admin/lobbying/whip_count_index.html", context)

    def whip_count_view(self, request, recommendation_id):
        if not may_see_whip_count(request):
            raise PermissionDenied
        recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
        whip_filter = services.WhipFilter.from_query(request.GET)
        today = timezone.localdate()
        count = services.whip_count(recommendation, whip_filter, today=today)
        table, totals, grand_total = count.count_table()
        page = Paginator(count.rows, ROWS_PER_PAGE).get_page(request.GET.get("p"))
        filters = urlencode(whip_filter.as_query())
        context = {
            **self.whip_context(request, _("Whip count: %(ask)s") % {"ask": recommendation.title}),
            "recommendation": recommendation,
            "count": count,
            "whip_filter": whip_filter,
            "filters": filters,
            "is_filtered": bool(filters),
            "table": table,
            "totals": totals,
            "grand_total": grand_total,
            "stances": Stance.Position.choices,
            "page": page,
            "today": today,
            "may_change_stances": may_change_stances(request),
            "may_log_contacts": may_log_contacts(request),
            "may_make_audience": request.user.has_perm("outreach.add_audience"),
        }
        return TemplateResponse(request, "admin/lobbying/whip_count.html", context)

    def stance_quick_edit_view(self, request, recommendation_id):
        if not may_change_stances(request):
            raise PermissionDenied
        recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
        form = StanceForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The stance was not saved: choose one of the stances."))
            return redirect(whip_count_url(recommendation.pk, request.POST.get("filters", "")))
        person = get_object_or_404(Person.objects.parliamentarians(), pk=form.cleaned_data["person"])
        services.stance_set(
            person_id=person.pk,
            recommendation_id=recommendation.pk,
            stance=form.cleaned_data["stance"],
            user=request.user,
        )
        messages.success(
            request,
            _("%(person)s: %(stance)s.")
            % {"person": person.full_name, "stance": Stance.Position(form.cleaned_data["stance"]).label},
        )
        return redirect(whip_count_url(recommendation.pk, form.cleaned_data["filters"]))

    def contact_view(self, request, recommendation_id, person_id):
        if not may_log_contacts(request):
            raise PermissionDenied
        recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
        person = get_object_or_404(Person.objects.parliamentarians(), pk=person_id)
        form = ContactForm(request.POST or None, initial={"filters": request.GET.get("filters", "")})
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["stance"] and not may_change_stances(request):
                raise PermissionDenied
            services.contact_log(
                person_id=person.pk,
                recommendation_id=recommendation.pk,
                contacted_on=data["contacted_on"],
                channel=data["channel"],
                user=request.user,
                note=data["note"],
                next_step=data["next_step"],
                next_step_on=data["next_step_on"],
            )
            if data["stance"]:
                services.stance_set(
                    person_id=person.pk, recommendation_id=recommendation.pk, stance=data["stance"], user=request.user
                )
            messages.success(request, _("Contact with %(person)s logged.") % {"person": person.full_name})
            return redirect(whip_count_url(recommendation.pk, data["filters"]))
        stance = Stance.objects.filter(person=person, recommendation=recommendation).first()
        context = {
            **self.whip_context(request, _("Log a contact with %(person)s") % {"person": person.full_name}),
            "recommendation": recommendation,
            "person": person,
            "stance": stance,
            "form": form,
            "contacts": ContactLog.objects.filter(person=person).select_related("recommendation", "by")[:20],
            "back_url": whip_count_url(recommendation.pk, form["filters"].value() or ""),
        }
        return TemplateResponse(request, "admin/lobbying/contact.html", context)

    def audience_view(self, request, recommendation_id):
        if not (may_see_whip_count(request) and request.user.has_perm("outreach.add_audience")):
            raise PermissionDenied
        recommendation = get_object_or_404(Recommendation, pk=recommendation_id)
        filters = request.POST.get("filters", "")
        whip_filter = services.WhipFilter.from_query(QueryDict(filters))
        audience = services.audience_from_whip_count(recommendation=recommendation, whip_filter=whip_filter)
        if audience is None:
            messages.error(request, _("Nobody is in this list: no audience was made."))
            return redirect(whip_count_url(recommendation.pk, filters))
        messages.success(
            request,
            _("The audience “%(name)s” was made of %(count)s people. Check its reach, then write the mailing.")
            % {"name": audience.name, "count": audience.chosen_people.count()},
        )
        return redirect("admin:outreach_audience_change", audience.pk)


@admin.register(Stance)
class StanceAdmin(WhipCountAdminMixin, NeedsWhipCountPermission, SimpleHistoryAdmin):
    list_display = ["person", "recommendation", "stance", "updated_by", "updated_at"]
    list_filter = ["stance", "recommendation"]
    list_select_related = ["person", "recommendation", "updated_by"]
    search_fields = ["person__family_name", "person__given_name", "recommendation__title"]
    autocomplete_fields = ["person", "recommendation"]
    fields = ["person", "recommendation", "stance", "note", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]
    change_list_template = "admin/lobbying/stance/change_list.html"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ContactLog)
class ContactLogAdmin(NeedsWhipCountPermission, admin.ModelAdmin):
    list_display = ["person", "recommendation", "contacted_on", "channel", "by", "next_step", "next_step_on"]
    list_filter = ["channel", "recommendation", "contacted_on"]
    list_select_related = ["person", "recommendation", "by"]
    search_fields = ["person__family_name", "person__given_name", "note", "next_step"]
    autocomplete_fields = ["person", "recommendation"]
    date_hierarchy = "contacted_on"
    fieldsets = [
        (None, {"fields": ["person", "recommendation", ("contacted_on", "channel"), "by", "note"]}),
        (gettext_lazy("Next step"), {"fields": ["next_step", "next_step_on"]}),
    ]
    readonly_fields = ["by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.by = request.user
        super().save_model(request, obj, form, change)
