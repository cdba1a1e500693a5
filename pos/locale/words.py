"""Amounts in words for invoices, in the Indian numbering system, in English and Hindi.

``amount_in_words(12345650, Lang.EN)``
    ``'Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only'``
``amount_in_words(12345650, Lang.HI)``
    ``'एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे मात्र'``

Conventions (as Indian tax invoices and cheques write them):

* Groups are hundred, thousand, lakh (1,00,000) and crore (1,00,00,000). There is no arab or
  kharab: a count of crores above 99 is itself said in the Indian system and followed by
  "Crore", so 100 crore is "One Hundred Crore" / "एक सौ करोड़" and 1,00,000 crore is
  "One Lakh Crore" / "एक लाख करोड़". This works for any size of integer.
* English: "Rupees ... Only", no "and" inside a number (Indian invoice style), hyphenated tens
  ("Twenty-Three"), "and N Paise" when paise remain; "One Paisa" for exactly one. Whole rupees:
  "Rupees Six Thousand Three Hundred Only"; nothing at all: "Rupees Zero Only"; paise alone:
  "Fifty Paise Only". A negative amount (credit note) starts with "Minus ".
* Hindi: "... रुपये और ... पैसे मात्र"; the singular "रुपया" / "पैसा" for exactly one
  ("एक रुपया मात्र", "एक सौ एक रुपये"), as Hindi grammar wants; 100 is "एक सौ", as invoices
  write it; negative amounts start with "ऋण ". Spellings are the standard ones with nukta
  (हज़ार, करोड़) in Unicode NFC, like every other Devanagari text in the project.

Hindi numbers 1-99 do not follow a rule, so they are a table; where spellings vary the common
printed form is used (पाँच, छह, चवालीस, तिरपन, तिरसठ, उन्यासी, पचानवे).
"""

from __future__ import annotations

from pos.locale.lang import Lang

__all__ = ["HINDI_0_99", "amount_in_words", "number_in_words"]

_EN_ONES = (
    "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    "Ten", "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
    "Eighteen", "Nineteen",
)  # fmt: skip
_EN_TENS = (
    "", "", "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety",
)  # fmt: skip

HINDI_0_99: tuple[str, ...] = (
    "शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ",
    "दस", "ग्यारह", "बारह", "तेरह", "चौदह", "पंद्रह", "सोलह", "सत्रह", "अठारह", "उन्नीस",
    "बीस", "इक्कीस", "बाईस", "तेईस", "चौबीस", "पच्चीस", "छब्बीस", "सत्ताईस", "अट्ठाईस", "उनतीस",
    "तीस", "इकतीस", "बत्तीस", "तैंतीस", "चौंतीस", "पैंतीस", "छत्तीस", "सैंतीस", "अड़तीस", "उनतालीस",
    "चालीस", "इकतालीस", "बयालीस", "तैंतालीस", "चवालीस",
    "पैंतालीस", "छियालीस", "सैंतालीस", "अड़तालीस", "उनचास",
    "पचास", "इक्यावन", "बावन", "तिरपन", "चौवन", "पचपन", "छप्पन", "सत्तावन", "अट्ठावन", "उनसठ",
    "साठ", "इकसठ", "बासठ", "तिरसठ", "चौंसठ", "पैंसठ", "छियासठ", "सड़सठ", "अड़सठ", "उनहत्तर",
    "सत्तर", "इकहत्तर", "बहत्तर", "तिहत्तर", "चौहत्तर", "पचहत्तर", "छिहत्तर", "सतहत्तर", "अठहत्तर", "उन्यासी",
    "अस्सी", "इक्यासी", "बयासी", "तिरासी", "चौरासी", "पचासी", "छियासी", "सत्तासी", "अट्ठासी", "नवासी",
    "नब्बे", "इक्यानवे", "बानवे", "तिरानवे", "चौरानवे", "पचानवे", "छियानवे", "सत्तानवे", "अट्ठानवे", "निन्यानवे",
)  # fmt: skip
"""Hindi words for 0-99, index = number."""

_CRORE = 10_000_000

# (size, English, Hindi) of the groups below a crore, largest first.
_GROUPS = ((100_000, "Lakh", "लाख"), (1_000, "Thousand", "हज़ार"), (100, "Hundred", "सौ"))


def _require_int(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}")
    return value


def _below_100(n: int, lang: Lang) -> str:
    if lang is Lang.HI:
        return HINDI_0_99[n]
    if n < 20:
        return _EN_ONES[n]
    tens, ones = divmod(n, 10)
    return _EN_TENS[tens] if ones == 0 else f"{_EN_TENS[tens]}-{_EN_ONES[ones]}"


def _positive_words(n: int, lang: Lang) -> list[str]:
    """Words for ``n >= 1`` (nothing for 0), Indian groups, crores repeated."""
    words: list[str] = []
    crores, rest = divmod(n, _CRORE)
    if crores:
        words += _positive_words(crores, lang)
        words.append("Crore" if lang is Lang.EN else "करोड़")
    for size, english, hindi in _GROUPS:
        count, rest = divmod(rest, size)
        if count:  # below a crore every count is 1-99
            words += [_below_100(count, lang), english if lang is Lang.EN else hindi]
    if rest:
        words.append(_below_100(rest, lang))
    return words


def number_in_words(n: int, lang: Lang) -> str:
    """A whole number in words: ``123456 -> 'One Lakh Twenty-Three Thousand Four Hundred
    Fifty-Six'`` / ``'एक लाख तेईस हज़ार चार सौ छप्पन'``; 0 is ``'Zero'`` / ``'शून्य'``;
    negatives start with ``'Minus '`` / ``'ऋण '``."""
    lang = Lang(lang)
    n = _require_int(n, "n")
    if n == 0:
        return _below_100(0, lang)
    text = " ".join(_positive_words(abs(n), lang))
    if n < 0:
        return ("Minus " if lang is Lang.EN else "ऋण ") + text
    return text


def amount_in_words(paise: int, lang: Lang) -> str:
    """An amount of money in words, as the "amount in words" line of an invoice.

    ``630000 -> 'Rupees Six Thousand Three Hundred Only'`` / ``'छह हज़ार तीन सौ रुपये मात्र'``,
    ``0 -> 'Rupees Zero Only'`` / ``'शून्य रुपये मात्र'``, ``50 -> 'Fifty Paise Only'`` /
    ``'पचास पैसे मात्र'``, ``-157500 -> 'Minus Rupees One Thousand Five Hundred Seventy-Five
    Only'`` / ``'ऋण एक हज़ार पाँच सौ पचहत्तर रुपये मात्र'``.
    """
    lang = Lang(lang)
    paise = _require_int(paise, "paise")
    rupee_count, paise_count = divmod(abs(paise), 100)
    if lang is Lang.EN:
        parts: list[str] = []
        if rupee_count or not paise_count:
            parts.append(f"Rupees {number_in_words(rupee_count, lang)}")
        if paise_count:
            unit = "Paisa" if paise_count == 1 else "Paise"
            parts.append(f"{number_in_words(paise_count, lang)} {unit}")
        text = " and ".join(parts) + " Only"
        return f"Minus {text}" if paise < 0 else text
    parts = []
    if rupee_count or not paise_count:
        unit = "रुपया" if rupee_count == 1 else "रुपये"
        parts.append(f"{number_in_words(rupee_count, lang)} {unit}")
    if paise_count:
        unit = "पैसा" if paise_count == 1 else "पैसे"
        parts.append(f"{number_in_words(paise_count, lang)} {unit}")
    text = " और ".join(parts) + " मात्र"
    return f"ऋण {text}" if paise < 0 else text
