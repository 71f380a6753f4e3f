"""Places where apps built on the register add to its pages without the register
knowing them (imports run one way: ``partnerships`` imports ``registry``, never back).

An app registers in its ``AppConfig.ready()``:

    extensions.register_nav_link(NavLink("partnerships:public-list", _("Partnerships")))
    extensions.register_detail_section(my_section)

A detail section is a callable ``(request, organisation) -> DetailSection | None``; the
public organisation page renders each returned section's template with its context.

An open-data file is described on the open-data page (``registry:open-data``) with
the register's own files; an app adds its files there:

    extensions.register_open_data_file(OpenDataFile("partnerships:open-data-grants", ...))

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


@dataclass(frozen=True)
class OpenDataFile:
    """A file of the open-data page: its URL name (no arguments; it takes the query
    string of the list named by ``filters_from``), what it is, its format and its
    fields as (name, description) pairs."""

    url_name: str
    title: Any  # a lazy translation
    description: Any
    media_type: str
    format_details: tuple = ()  # (label, value) pairs: encoding, separator, …
    fields: tuple = ()  # (name, description) pairs
    filters_from: str = ""  # the URL name of the list whose filters it takes
    filters_label: Any = ""


_nav_links: list[NavLink] = []
_open_data_files: list[OpenDataFile] = []
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


def register_open_data_file(file: OpenDataFile) -> None:
    if file not in _open_data_files:
        _open_data_files.append(file)


def open_data_files() -> list[OpenDataFile]:
    return list(_open_data_files)


def register_merge_handler(handler: Callable) -> None:
    if handler not in _merge_handlers:
        _merge_handlers.append(handler)


def unregister_merge_handler(handler: Callable) -> None:
    if handler in _merge_handlers:
        _merge_handlers.remove(handler)


def merge_handlers() -> list[Callable]:
    return list(_merge_handlers)
