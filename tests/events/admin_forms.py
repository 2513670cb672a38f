"""Posting the admin's event form as a browser would: every field of the page's own forms with its
initial value, inline forms included, then what the test types in."""

from django import forms
from django.urls import reverse


def form_values(form):
    """{name: value} of a bound-less form's fields as the page shows them."""
    values = {}
    for name, field in form.fields.items():
        value = form[name].value()
        widget_values = field.widget.format_value(value) if value is not None else None
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            values[key] = [str(v) for v in value]
        elif value is None or value is False:
            continue
        elif value is True:
            values[key] = "on"
        elif isinstance(field.widget, forms.MultiWidget):
            for index, part in enumerate(widget_values):
                values[f"{key}_{index}"] = part or ""
        elif isinstance(widget_values, list):
            values[key] = widget_values[0] if len(widget_values) == 1 else widget_values
        else:
            values[key] = str(widget_values if widget_values is not None else value)
    return values


def event_form(client, event=None):
    """(url, data): the event's change form, or the add form, with the values it shows."""
    url = reverse("admin:events_event_change", args=[event.pk]) if event else reverse("admin:events_event_add")
    response = client.get(url)
    assert response.status_code == 200
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.initial_forms:
            data.update(form_values(form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
    return (
        url,
        data,
        {inline.formset.model.__name__: inline.formset.prefix for inline in response.context["inline_admin_formsets"]},
    )


def add_inline_row(data, prefix, **values):
    """Fill one more row of an inline formset (what "Add another" gives)."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index
