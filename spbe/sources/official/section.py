"""The `[[official]]` registry section: where each evaluation year's official result is published.

Three ways a year is published (`format`):
- "pdf": a decree on the JDIH portal, identified by its number and year (`decree = "13/2024"`),
  never by its title or a slug we build: slugs are cut short and end in a numeric id. The
  locator (`portal.py`) searches the portal by kind (`search_url`) and takes the document page
  from the search; `index_url`, when set, pins a document page a person checked. The lampiran is
  an attachment on a second host (`attachment_host`, `data-jdih.menpan.go.id`), named in the
  document page's Livewire state, never a path we guess.
- "html": the table is on the page itself (2018, 2019: ministry news pages).
- "manual": released only inside the evaluation application (2025). Nobody can fetch it for us:
  a user places the file the evaluated bodies downloaded in the manual-drop folder
  (`$SPBE_MANUAL_DROP_DIR/<manual_drop>/`), and the same parser reads it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from schemas.vocab import FIRST_EVALUATION_YEAR, LAST_PLAUSIBLE_YEAR
from spbe.infra.registry import Registry, Section, SourceEntry, Url

NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


# The facts an entry may state about a publication; each needs `<fact>_source`.
FACTS = ("decree", "title", "signed", "stated_count")


class OfficialSource(SourceEntry):
    evaluation_year: Annotated[int, Field(ge=FIRST_EVALUATION_YEAR, le=LAST_PLAUSIBLE_YEAR)]
    format: Literal["pdf", "html", "manual"]
    # The title as published, or none: a title is never a key (the registered wording was wrong).
    title: NonEmpty | None = None
    # pdf: a pinned document page (set only once checked); html: the page with the table;
    # manual: the announcement.
    index_url: Url | None = None
    search_url: Url | None = None  # pdf: the portal's search by kind of document
    attachment_host: NonEmpty | None = None  # pdf: the attachment must be a PDF on this host
    decree: Annotated[str, StringConstraints(pattern=r"^\d{1,4}/\d{4}$")] | None = None  # "663/2024"
    signed: dt.date | None = None  # the decree's (or the publication's) date, where a source gives the day
    # The number of evaluated bodies the publication states. The parser checks its row count
    # against it; None where no source states one.
    stated_count: Annotated[int, Field(ge=1)] | None = None
    manual_drop: NonEmpty | None = None  # manual: the folder (under SPBE_MANUAL_DROP_DIR) for the file
    application: Url | None = None  # manual: where the file was released (for the user's instructions)
    # Where each fact above comes from (`<fact>_source`) and when the record was checked: a fact
    # without its source is refused, so nothing unsupported enters the registry again.
    checked: dt.date | None = None
    decree_source: NonEmpty | None = None
    title_source: NonEmpty | None = None
    signed_source: NonEmpty | None = None
    stated_count_source: NonEmpty | None = None

    @model_validator(mode="after")
    def _format_fields(self) -> OfficialSource:
        if self.format == "pdf" and not (self.attachment_host and self.search_url):
            raise ValueError("format = 'pdf' needs search_url (the portal's search) and attachment_host (the lampiran's host)")
        if self.format != "pdf" and (self.attachment_host or self.search_url):
            raise ValueError(f"attachment_host and search_url are only for format = 'pdf', not {self.format!r}")
        if self.format != "pdf" and not self.index_url:
            raise ValueError(f"format = {self.format!r} needs index_url (the page to read or the announcement)")
        if (self.format == "manual") != bool(self.manual_drop):
            raise ValueError("manual_drop is required for format = 'manual', and only there")
        return self

    @model_validator(mode="after")
    def _facts_have_sources(self) -> OfficialSource:
        stated = [f for f in FACTS if getattr(self, f) is not None]
        unsourced = [f for f in stated if getattr(self, f"{f}_source") is None]
        if unsourced:
            raise ValueError(f"{', '.join(unsourced)} without {', '.join(f + '_source' for f in unsourced)} (where the fact was published)")
        if stated and self.checked is None:
            raise ValueError(f"{', '.join(stated)} need checked = <date> (when their sources were checked)")
        return self

    def urls(self) -> Iterable[str]:
        yield from (u for u in (self.index_url, self.search_url) if u)
        if self.attachment_host:
            yield f"https://{self.attachment_host}/"


SECTION = Section("official", OfficialSource, key="evaluation_year")


def official_source(registry: Registry, year: int) -> OfficialSource | None:
    return next((s for s in registry.entries(SECTION.name) if s.evaluation_year == year), None)


def official_sources(registry: Registry) -> dict[int, OfficialSource]:
    return {s.evaluation_year: s for s in registry.entries(SECTION.name)}
