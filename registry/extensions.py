"""Places where apps built on the register add to its pages without the register
knowing them (imports run one way: ``partnerships`` imports ``registry``, never back).

An app registers in its ``AppConfig.ready()``:

    extensions.register_nav_link(NavLink("partnerships:public-list", _("Partnerships")))
    extensions.register_detail_section(my_section)

A detail section is a callable ``(request, organisation) -> DetailSection | None``; the
public organisation page renders each returned section's template with its context.

A merge handler is a callable ``(survivor, other) -> None`` that moves the app's rows
from ``other`` to ``survivor`` when two entries are merged (``registry.merge``); it runs
inside the merge's transaction, before ``other`` is deleted, so raising undoes the merge:

    extensions.register_merge_handler(move_effort_links)
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: Any  # a lazy translation
    officers_only: bool = False


@dataclass(frozen=True)
class DetailSection:
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


_nav_links: list[NavLink] = []
_detail_sections: list[Callable] = []
_merge_handlers: list[Callable] = []


def register_nav_link(link: NavLink) -> None:
    if link not in _nav_links:
        _nav_links.append(link)


def register_detail_section(provider: Callable) -> None:
    if provider not in _detail_sections:
        _detail_sections.append(provider)


def nav_links(*, officer: bool) -> list[NavLink]:
    return [link for link in _nav_links if officer or not link.officers_only]


def detail_sections(request, organisation) -> list[DetailSection]:
    sections = (provider(request, organisation) for provider in _detail_sections)
    return [section for section in sections if section is not None]


def register_merge_handler(handler: Callable) -> None:
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def unregister_merge_handler(handler: Callable) -> None:
    if handler in _merge_handlers:
        _merge_handlers.remove(handler)


def merge_handlers() -> list[Callable]:
    return list(_merge_handlers)
