"""English formats (``FORMAT_MODULE_PATH``) for readers of a Swedish portal: the Swedish
dates and clock ("1 December 2026", never "Dec. 1, 2026"; ISO dates in tables; 24 hours),
with English number separators."""

from socialeconomy.formats.sv.formats import *  # noqa: F403 - the same dates and times

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
