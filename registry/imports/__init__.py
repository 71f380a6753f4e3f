"""Importing organisations from a spreadsheet: the one service the officer pages and
``manage.py import_organisations`` share.

1. ``read_table``: a CSV file (``;``, ``,`` or tab between cells; UTF-8 with or without
   a byte-order mark, else Windows-1252, as Excel saves) or an XLSX workbook (its first
   sheet) becomes a header row and rows of text. What cannot be read raises
   ``ImportFileError`` with a message for a person.
2. ``automatic_mapping``: each column whose header is a field's Swedish or English label
   (or a usual synonym: "Org.nr", "Hemsida"), ignoring case, accents and punctuation,
   maps to that field; the officer corrects the rest. ``remembered_mapping`` returns the
   mapping last used in the municipality for the same header row.
3. ``plan_import``: every row checked by the register's own rules (the model's field
   validation and ``Organisation.clean``: organisation number, e-mail, web address,
   postal code, legal form against the number's group) and matched against the register:
   by organisation number, else by exact name and home municipality. Each row is to be
   *created*, *updated*, left *unchanged* or *refused* with its reasons; a row repeating
   an earlier row of the file is refused. Nothing is written: this is the dry run.
4. ``apply_import``: the same plan made again inside one transaction, with the matched
   entries locked; if any row is refused nothing is written (``ImportRefused``),
   otherwise every row is written with bulk operations and a history row per entry whose
   source is ``IMPORT``. The database's triggers keep the search columns, the search
   words and the register's cache version right for rows written in bulk as for any.

Empty cells leave an existing entry's value as it is: an import adds and corrects, it
does not blank out what officers typed. New entries are published or kept as drafts as
the officer chose on upload.

The steps live in their own modules (``fields``, ``reading``, ``planning``, ``writing``
and ``jobs``, for the officer pages' imports run by the task worker); what callers use is
imported here.
"""

from registry.imports.fields import (
    FIELD_NAMES,
    FIELDS,
    automatic_mapping,
    field_choices,
    fold,
    initial_mapping,
    mapping_remember,
    remembered_mapping,
)
from registry.imports.jobs import (
    BACKGROUND_FROM,
    EMPTY_CELLS_NOTE,
    MAPPABLE,
    import_job,
    job_columns,
    job_create,
    job_import,
    job_map,
    job_plan,
    job_settings,
    job_start,
    plan_job,
)
from registry.imports.planning import Action, ImportSettings, Plan, RowOutcome, plan_import
from registry.imports.reading import ImportFileError, Table, read_table
from registry.imports.writing import ImportRefused, ImportResult, apply_import

__all__ = [
    "BACKGROUND_FROM",
    "EMPTY_CELLS_NOTE",
    "FIELDS",
    "FIELD_NAMES",
    "MAPPABLE",
    "Action",
    "ImportFileError",
    "ImportRefused",
    "ImportResult",
    "ImportSettings",
    "Plan",
    "RowOutcome",
    "Table",
    "apply_import",
    "automatic_mapping",
    "field_choices",
    "fold",
    "import_job",
    "initial_mapping",
    "job_columns",
    "job_create",
    "job_import",
    "job_map",
    "job_plan",
    "job_settings",
    "job_start",
    "mapping_remember",
    "plan_import",
    "plan_job",
    "read_table",
    "remembered_mapping",
]
