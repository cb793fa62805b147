"""Home-page cards and menu entries, registered by each app in ``AppConfig.ready``.

Keeps the home page free of knowledge about every domain app: an app declares what a
user with a given permission can do there, and the home view shows the cards the user
is entitled to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Card:
    key: str
    title: Promise | str
    description: Promise | str
    url_name: str
    # Called with the user; True when the card applies (usually an authz.has_perm check).
    visible: Callable[[Any], bool]
    order: int = 100
    in_menu: bool = True


_CARDS: dict[str, Card] = {}


def register_card(card: Card) -> None:
    _CARDS[card.key] = card


def cards_for(user: Any) -> list[Card]:
    return sorted((c for c in _CARDS.values() if c.visible(user)), key=lambda c: (c.order, c.key))
