"""Capabilities in templates, so that no template tests roles.

``{% load access %}`` then ``{% if user|can:"dispose_hit" %}``, or for one object
``{% user_can user "manage_parties" job as may_confirm %}``. An unknown capability name raises
``ValueError`` while rendering, so a typo fails the page's tests instead of hiding a button.
"""

from __future__ import annotations

from django import template

from anpo.accounts.capabilities import AnyUser
from anpo.accounts.capabilities import user_can as _user_can

register = template.Library()


@register.filter
def can(user: AnyUser | None, capability: str) -> bool:
    return _user_can(user, capability)


@register.simple_tag(name="user_can")
def user_can_tag(user: AnyUser | None, capability: str, obj: object = None) -> bool:
    return _user_can(user, capability, obj)
