"""Read-only lists: constituencies and postcodes come from the ONS Postcode Directory
(`manage.py load_postcodes`), not from typing."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Constituency, PostcodeConstituency
from .services import normalise_postcode


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Constituency)
class ConstituencyAdmin(ReadOnlyAdmin):
    list_display = ["name", "ons_code", "nation"]
    list_filter = ["nation"]
    search_fields = ["name", "ons_code"]


@admin.register(PostcodeConstituency)
class PostcodeConstituencyAdmin(ReadOnlyAdmin):
    list_display = ["postcode", "constituency"]
    list_select_related = ["constituency"]
    search_fields = ["constituency__name", "constituency__ons_code"]
    search_help_text = _("A postcode (with or without its space), or a constituency's name or code.")
    # Millions of rows: no full count on every page.
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # A postcode is found by its index, as staff type it ("sw1a 0aa"), not by a scan for a substring.
        postcode = normalise_postcode(search_term)
        if postcode:
            return queryset.filter(postcode=postcode), False
        return super().get_search_results(request, queryset, search_term)
