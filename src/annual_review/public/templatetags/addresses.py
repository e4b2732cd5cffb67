"""Template filters for the site's addresses, so that templates never spell one out by hand."""

from django import template

from annual_review.casework.addresses import decision_address, decision_twin_address

register = template.Library()

register.filter("decision_address", decision_address)
register.filter("decision_twin_address", decision_twin_address)
