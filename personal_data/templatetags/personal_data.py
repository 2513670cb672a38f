"""{% load personal_data %}: `{{ address|mask_email }}`, `|mask_postcode`, `|mask_ip_address`."""

from django import template

from personal_data import masking

register = template.Library()
register.filter("mask_email", masking.mask_email)
register.filter("mask_postcode", masking.mask_postcode)
register.filter("mask_ip_address", masking.mask_ip_address)
