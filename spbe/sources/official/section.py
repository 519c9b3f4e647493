"""The `[[official]]` registry section: where each evaluation year's official result is published.

Three ways a year is published (`format`):
- "pdf": a decree on the JDIH portal. `index_url` is the decree's document page
  (`/dokumen-hukum/{slug}`); the lampiran is an attachment on a second host (`attachment_host`,
  `data-jdih.menpan.go.id`), found by its link on the page, never by a path we guess.
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


class OfficialSource(SourceEntry):
    evaluation_year: Annotated[int, Field(ge=FIRST_EVALUATION_YEAR, le=LAST_PLAUSIBLE_YEAR)]
    format: Literal["pdf", "html", "manual"]
    title: NonEmpty  # the decree's (or the publication's) own title
    index_url: Url  # pdf: the portal's document page; html: the page with the table; manual: the announcement
    attachment_host: NonEmpty | None = None  # pdf: the attachment must be a PDF link on this host
    decree: Annotated[str, StringConstraints(pattern=r"^\d{1,4}/\d{4}$")] | None = None  # "663/2024"
    signed: dt.date | None = None  # the decree's date (TOML date: signed = 2024-12-31)
    # The number of evaluated bodies the publication states. The parser checks its row count
    # against it; None where no source states one.
    stated_count: Annotated[int, Field(ge=1)] | None = None
    manual_drop: NonEmpty | None = None  # manual: the folder (under SPBE_MANUAL_DROP_DIR) for the file
    application: Url | None = None  # manual: where the file was released (for the user's instructions)

    @model_validator(mode="after")
    def _format_fields(self) -> OfficialSource:
        if self.format == "pdf" and not self.attachment_host:
            raise ValueError("format = 'pdf' needs attachment_host (the host that serves the lampiran)")
        if self.format != "pdf" and self.attachment_host:
            raise ValueError(f"attachment_host is only for format = 'pdf', not {self.format!r}")
        if (self.format == "manual") != bool(self.manual_drop):
            raise ValueError("manual_drop is required for format = 'manual', and only there")
        return self

    def urls(self) -> Iterable[str]:
        yield self.index_url
        if self.attachment_host:
            yield f"https://{self.attachment_host}/"


SECTION = Section("official", OfficialSource, key="evaluation_year")


def official_source(registry: Registry, year: int) -> OfficialSource | None:
    return next((s for s in registry.entries(SECTION.name) if s.evaluation_year == year), None)


def official_sources(registry: Registry) -> dict[int, OfficialSource]:
    return {s.evaluation_year: s for s in registry.entries(SECTION.name)}
