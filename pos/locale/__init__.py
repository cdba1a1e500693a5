"""Hindi and English for people: money and dates with Indian grouping, amounts in words.

The public surface, shared by the UI, receipts and head-office reports:

* :mod:`pos.locale.lang`: :class:`Lang` (``EN``/``HI``) and its Babel locale (``en_IN``/``hi_IN``);
* :mod:`pos.locale.formatting`: money, integers, quantities, rates, dates and times;
* :mod:`pos.locale.words`: amounts in words for invoices (lakh/crore, English and Hindi).
"""

from pos.locale.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_integer,
    format_money,
    format_quantity,
    format_rate,
    format_time,
    to_devanagari_digits,
    unit_label,
)
from pos.locale.lang import Lang
from pos.locale.words import amount_in_words, number_in_words

__all__ = [
    "Lang",
    "amount_in_words",
    "format_date",
    "format_date_long",
    "format_datetime",
    "format_integer",
    "format_money",
    "format_quantity",
    "format_rate",
    "format_time",
    "number_in_words",
    "to_devanagari_digits",
    "unit_label",
]
