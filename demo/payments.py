"""Dated payments for demo and benchmark efforts that give only a paid-out total."""

import datetime
from decimal import Decimal

CENT = Decimal("0.01")


def spread(
    total: Decimal, start: datetime.date, end: datetime.date | None, today: datetime.date
) -> list[tuple[datetime.date, Decimal]]:
    """``total`` paid in equal parts, one on 30 June of every year from the start to the
    last day paid (the end, or today while it runs), each day kept within that period;
    the last part takes the öre left over."""
    if total <= 0:
        return []
    last = min(end or today, today)
    if last < start:
        return [(start, total)]
    years = list(range(start.year, last.year + 1))
    share = (total / len(years)).quantize(CENT)
    payments = []
    for number, year in enumerate(years):
        day = min(max(datetime.date(year, 6, 30), start), last)
        amount = share if number < len(years) - 1 else total - share * (len(years) - 1)
        if amount > 0:
            payments.append((day, amount))
    return payments
