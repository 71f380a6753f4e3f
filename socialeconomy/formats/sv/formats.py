"""Swedish formats (``FORMAT_MODULE_PATH``): Django's, stated here so that the portal's
one convention is in one place. Templates and code name the formats ("DATE_FORMAT",
"SHORT_DATETIME_FORMAT"), never a pattern such as "j F Y"."""

DATE_FORMAT = "j F Y"  # 1 december 2026
DATETIME_FORMAT = "j F Y H:i"  # 1 december 2026 09:18
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-01, in tables
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
FIRST_DAY_OF_WEEK = 1
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # a non-breaking space: 12 500
NUMBER_GROUPING = 3
