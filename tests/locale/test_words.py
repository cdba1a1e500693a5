"""Amounts in words: exact strings, structural checks of the Hindi table, and round trips."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.locale.lang import Lang
from pos.locale.words import HINDI_0_99, amount_in_words, number_in_words

# --- English ------------------------------------------------------------------------------

EN_NUMBERS = [
    (0, "Zero"),
    (1, "One"),
    (5, "Five"),
    (10, "Ten"),
    (11, "Eleven"),
    (12, "Twelve"),
    (13, "Thirteen"),
    (15, "Fifteen"),
    (18, "Eighteen"),
    (19, "Nineteen"),
    (20, "Twenty"),
    (21, "Twenty-One"),
    (40, "Forty"),
    (45, "Forty-Five"),
    (80, "Eighty"),
    (99, "Ninety-Nine"),
    (100, "One Hundred"),
    (101, "One Hundred One"),
    (110, "One Hundred Ten"),
    (999, "Nine Hundred Ninety-Nine"),
    (1_000, "One Thousand"),
    (1_001, "One Thousand One"),
    (10_000, "Ten Thousand"),
    (99_999, "Ninety-Nine Thousand Nine Hundred Ninety-Nine"),
    (100_000, "One Lakh"),
    (123_456, "One Lakh Twenty-Three Thousand Four Hundred Fifty-Six"),
    (1_000_000, "Ten Lakh"),
    (10_000_000, "One Crore"),
    (10_000_001, "One Crore One"),
    (1_000_000_000, "One Hundred Crore"),
    (
        999_999_999,
        "Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred Ninety-Nine",
    ),
    (1_000_000_000_000, "One Lakh Crore"),
    (-1_575, "Minus One Thousand Five Hundred Seventy-Five"),
]


@pytest.mark.parametrize(("n", "expected"), EN_NUMBERS)
def test_english_numbers(n: int, expected: str) -> None:
    assert number_in_words(n, Lang.EN) == expected


@pytest.mark.parametrize(
    ("paise", "expected"),
    [
        (0, "Rupees Zero Only"),
        (1, "One Paisa Only"),
        (50, "Fifty Paise Only"),
        (100, "Rupees One Only"),
        (500, "Rupees Five Only"),
        (101, "Rupees One and One Paisa Only"),
        (1_000, "Rupees Ten Only"),
        (1_100, "Rupees Eleven Only"),
        (1_900, "Rupees Nineteen Only"),
        (2_000, "Rupees Twenty Only"),
        (2_100, "Rupees Twenty-One Only"),
        (9_900, "Rupees Ninety-Nine Only"),
        (10_000, "Rupees One Hundred Only"),
        (10_100, "Rupees One Hundred One Only"),
        (99_900, "Rupees Nine Hundred Ninety-Nine Only"),
        (100_000, "Rupees One Thousand Only"),
        (630_000, "Rupees Six Thousand Three Hundred Only"),
        (10_000_000, "Rupees One Lakh Only"),
        (
            12_345_650,
            "Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and Fifty Paise Only",
        ),
        (100_000_000, "Rupees Ten Lakh Only"),
        (1_000_000_000, "Rupees One Crore Only"),
        (
            99_99_99_999_99,
            "Rupees Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine Thousand Nine Hundred "
            "Ninety-Nine and Ninety-Nine Paise Only",
        ),
        (
            99_99_99_99_999_99,
            "Rupees Nine Thousand Nine Hundred Ninety-Nine Crore Ninety-Nine Lakh Ninety-Nine "
            "Thousand Nine Hundred Ninety-Nine and Ninety-Nine Paise Only",
        ),
        (-157_500, "Minus Rupees One Thousand Five Hundred Seventy-Five Only"),
        (-50, "Minus Fifty Paise Only"),
        (
            -12_345_650,
            "Minus Rupees One Lakh Twenty-Three Thousand Four Hundred Fifty-Six and "
            "Fifty Paise Only",
        ),
    ],
)
def test_english_amounts(paise: int, expected: str) -> None:
    assert amount_in_words(paise, Lang.EN) == expected


# --- Hindi --------------------------------------------------------------------------------

HI_NUMBERS = [
    (0, "शून्य"),
    (1, "एक"),
    (5, "पाँच"),
    (6, "छह"),
    (10, "दस"),
    (11, "ग्यारह"),
    (18, "अठारह"),
    (19, "उन्नीस"),
    (20, "बीस"),
    (21, "इक्कीस"),
    (29, "उनतीस"),
    (38, "अड़तीस"),
    (39, "उनतालीस"),
    (49, "उनचास"),
    (51, "इक्यावन"),
    (56, "छप्पन"),
    (59, "उनसठ"),
    (67, "सड़सठ"),
    (69, "उनहत्तर"),
    (75, "पचहत्तर"),
    (79, "उन्यासी"),
    (89, "नवासी"),
    (99, "निन्यानवे"),
    (100, "एक सौ"),
    (101, "एक सौ एक"),
    (999, "नौ सौ निन्यानवे"),
    (1_000, "एक हज़ार"),
    (1_575, "एक हज़ार पाँच सौ पचहत्तर"),
    (100_000, "एक लाख"),
    (123_456, "एक लाख तेईस हज़ार चार सौ छप्पन"),
    (1_000_000, "दस लाख"),
    (10_000_000, "एक करोड़"),
    (1_000_000_000, "एक सौ करोड़"),
    (999_999_999, "निन्यानवे करोड़ निन्यानवे लाख निन्यानवे हज़ार नौ सौ निन्यानवे"),
    (1_000_000_000_000, "एक लाख करोड़"),
    (-1_575, "ऋण एक हज़ार पाँच सौ पचहत्तर"),
]


@pytest.mark.parametrize(("n", "expected"), HI_NUMBERS)
def test_hindi_numbers(n: int, expected: str) -> None:
    assert number_in_words(n, Lang.HI) == expected


@pytest.mark.parametrize(
    ("paise", "expected"),
    [
        (0, "शून्य रुपये मात्र"),
        (1, "एक पैसा मात्र"),
        (50, "पचास पैसे मात्र"),
        (100, "एक रुपया मात्र"),
        (101, "एक रुपया और एक पैसा मात्र"),
        (200, "दो रुपये मात्र"),
        (10_100, "एक सौ एक रुपये मात्र"),
        (630_000, "छह हज़ार तीन सौ रुपये मात्र"),
        (12_345_650, "एक लाख तेईस हज़ार चार सौ छप्पन रुपये और पचास पैसे मात्र"),
        (1_000_000_000, "एक करोड़ रुपये मात्र"),
        (
            99_99_99_999_99,
            "निन्यानवे करोड़ निन्यानवे लाख निन्यानवे हज़ार नौ सौ निन्यानवे रुपये और निन्यानवे पैसे मात्र",
        ),
        (
            99_99_99_99_999_99,
            "नौ हज़ार नौ सौ निन्यानवे करोड़ निन्यानवे लाख निन्यानवे हज़ार नौ सौ निन्यानवे रुपये और "
            "निन्यानवे पैसे मात्र",
        ),
        (-157_500, "ऋण एक हज़ार पाँच सौ पचहत्तर रुपये मात्र"),
        (-1, "ऋण एक पैसा मात्र"),
    ],
)
def test_hindi_amounts(paise: int, expected: str) -> None:
    assert amount_in_words(paise, Lang.HI) == expected


def test_hindi_table_has_one_distinct_word_for_each_of_0_to_99() -> None:
    assert len(HINDI_0_99) == 100
    assert len(set(HINDI_0_99)) == 100
    assert all(w and " " not in w for w in HINDI_0_99)


def test_hindi_table_is_nfc_devanagari() -> None:
    for word in HINDI_0_99:
        assert word == unicodedata.normalize("NFC", word)
        assert all("\u0900" <= ch <= "\u097f" for ch in word), word
    # Nukta letters in their NFC (decomposed) form, as DESIGN.md asks of all Devanagari text.
    assert "\u095c" not in "".join(HINDI_0_99)  # precomposed ड़
    assert "\u0921\u093c" in HINDI_0_99[38]


# Structural checks that catch a missing, duplicated or shifted entry: within each decade
# the words share the decade's ending, and the unit digit shows in the beginning.
DECADE_ENDINGS = {2: "स", 3: "तीस", 4: "लीस", 5: "न", 6: "सठ", 7: "हत्तर", 8: "सी", 9: "नवे"}
UNIT_BEGINNINGS = {1: "इक", 2: "ब", 3: "त", 4: "च", 5: "प", 6: "छ", 7: "स", 8: "अ"}


@pytest.mark.parametrize("decade", range(2, 10))
def test_hindi_decade_endings(decade: int) -> None:
    for n in range(decade * 10 + 1, decade * 10 + 9):
        assert HINDI_0_99[n].endswith(DECADE_ENDINGS[decade]), n


@pytest.mark.parametrize("unit", range(1, 9))
def test_hindi_unit_beginnings(unit: int) -> None:
    for decade in range(2, 10):
        n = decade * 10 + unit
        assert HINDI_0_99[n].startswith(UNIT_BEGINNINGS[unit]), n


def test_hindi_nines_are_one_less_than_the_next_ten() -> None:
    # 19 ... 79 are "un-" (one less than) + the next ten; 89 and 99 are the irregular ones.
    for n in (19, 29, 39, 49, 59, 69, 79):
        assert HINDI_0_99[n].startswith("उन"), n
    assert HINDI_0_99[89] == "नवासी"
    assert HINDI_0_99[99] == "निन्यानवे"


def test_the_whole_hindi_table() -> None:
    # Pinned in full, row by row, so any edit to the table is a deliberate one.
    rows = [
        "शून्य एक दो तीन चार पाँच छह सात आठ नौ",
        "दस ग्यारह बारह तेरह चौदह पंद्रह सोलह सत्रह अठारह उन्नीस",
        "बीस इक्कीस बाईस तेईस चौबीस पच्चीस छब्बीस सत्ताईस अट्ठाईस उनतीस",
        "तीस इकतीस बत्तीस तैंतीस चौंतीस पैंतीस छत्तीस सैंतीस अड़तीस उनतालीस",
        "चालीस इकतालीस बयालीस तैंतालीस चवालीस पैंतालीस छियालीस सैंतालीस अड़तालीस उनचास",
        "पचास इक्यावन बावन तिरपन चौवन पचपन छप्पन सत्तावन अट्ठावन उनसठ",
        "साठ इकसठ बासठ तिरसठ चौंसठ पैंसठ छियासठ सड़सठ अड़सठ उनहत्तर",
        "सत्तर इकहत्तर बहत्तर तिहत्तर चौहत्तर पचहत्तर छिहत्तर सतहत्तर अठहत्तर उन्यासी",
        "अस्सी इक्यासी बयासी तिरासी चौरासी पचासी छियासी सत्तासी अट्ठासी नवासी",
        "नब्बे इक्यानवे बानवे तिरानवे चौरानवे पचानवे छियानवे सत्तानवे अट्ठानवे निन्यानवे",
    ]
    assert " ".join(rows).split() == list(HINDI_0_99)


def test_refuses_anything_but_int() -> None:
    for bad in (1.5, True, "100"):
        with pytest.raises(TypeError):
            amount_in_words(bad, Lang.EN)  # type: ignore[arg-type]


def test_every_amount_in_words_is_nfc() -> None:
    for paise in (0, 1, 3_838_38, 12_345_650, 99_99_99_99_999_99):
        for lang in Lang:
            text = amount_in_words(paise, lang)
            assert text == unicodedata.normalize("NFC", text)


# --- Round trips: the words parse back to the number ----------------------------------------

_EN_ONES = ("Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten",
            "Eleven", "Twelve", "Thirteen", "Fourteen", "Fifteen", "Sixteen", "Seventeen",
            "Eighteen", "Nineteen")  # fmt: skip
_EN_TENS = ("Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety")
_EN_VALUES = {word: i for i, word in enumerate(_EN_ONES)} | {
    word: 10 * i for i, word in enumerate(_EN_TENS, 2)
}
_EN_SCALES = {"Hundred": 100, "Thousand": 1_000, "Lakh": 100_000}
_HI_VALUES = {word: i for i, word in enumerate(HINDI_0_99)}
_HI_SCALES = {"सौ": 100, "हज़ार": 1_000, "लाख": 100_000}


def _parse(tokens: list[str], values: dict[str, int], scales: dict[str, int], crore: str) -> int:
    """Inverse of the Indian system; a count of crores is itself a number before "Crore"."""
    if crore in tokens:
        last = len(tokens) - 1 - tokens[::-1].index(crore)
        head, tail = tokens[:last], tokens[last + 1 :]
        assert head, "a crore needs a count"
        return _parse(head, values, scales, crore) * 10_000_000 + (
            _parse(tail, values, scales, crore) if tail else 0
        )
    total = current = 0
    for token in tokens:
        if token in scales:
            assert 0 < current < 100, tokens
            if scales[token] == 100:
                current *= 100
            else:
                total, current = total + current * scales[token], 0
        else:
            parts = token.split("-")
            assert len(parts) <= 2, token
            if len(parts) == 2:
                tens, ones = values[parts[0]], values[parts[1]]
                assert tens % 10 == 0 and tens >= 20 and 1 <= ones <= 9, token
                current += tens + ones
            else:
                current += values[token]
    return total + current


def parse_english_amount(text: str) -> int:
    tokens = text.split()
    sign = 1
    if tokens[0] == "Minus":
        sign, tokens = -1, tokens[1:]
    assert tokens[-1] == "Only"
    tokens = tokens[:-1]
    rupee_count = paise_count = 0
    if "and" in tokens:
        i = tokens.index("and")
        rupee_part, paise_part = tokens[:i], tokens[i + 1 :]
    elif tokens[-1] in ("Paise", "Paisa"):
        rupee_part, paise_part = [], tokens
    else:
        rupee_part, paise_part = tokens, []
    if rupee_part:
        assert rupee_part[0] == "Rupees"
        rupee_count = _parse(rupee_part[1:], _EN_VALUES, _EN_SCALES, "Crore")
    if paise_part:
        paise_count = _parse(paise_part[:-1], _EN_VALUES, _EN_SCALES, "Crore")
        assert paise_part[-1] == ("Paisa" if paise_count == 1 else "Paise")
        assert 1 <= paise_count <= 99
    return sign * (rupee_count * 100 + paise_count)


def parse_hindi_amount(text: str) -> int:
    tokens = text.split()
    sign = 1
    if tokens[0] == "ऋण":
        sign, tokens = -1, tokens[1:]
    assert tokens[-1] == "मात्र"
    tokens = tokens[:-1]
    total = 0
    for part in " ".join(tokens).split(" और "):
        words = part.split()
        count = _parse(words[:-1], _HI_VALUES, _HI_SCALES, "करोड़")
        unit = words[-1]
        if unit in ("रुपये", "रुपया"):
            assert (unit == "रुपया") == (count == 1)
            total += count * 100
        else:
            assert unit in ("पैसे", "पैसा")
            assert (unit == "पैसा") == (count == 1)
            total += count
    return sign * total


WIDE = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(min_value=-(10**13), max_value=10**13),
    st.integers(min_value=-(10**30), max_value=10**30),
)


@given(WIDE)
def test_english_words_parse_back(paise: int) -> None:
    assert parse_english_amount(amount_in_words(paise, Lang.EN)) == paise


@given(WIDE)
def test_hindi_words_parse_back(paise: int) -> None:
    text = amount_in_words(paise, Lang.HI)
    assert text == unicodedata.normalize("NFC", text)
    assert parse_hindi_amount(text) == paise


@given(st.integers(min_value=-(10**40), max_value=10**40))
def test_number_in_words_never_raises(n: int) -> None:
    for lang in Lang:
        assert number_in_words(n, lang)


def test_every_number_below_a_lakh_round_trips() -> None:
    for n in range(100_000):
        assert _parse(number_in_words(n, Lang.EN).split(), _EN_VALUES, _EN_SCALES, "Crore") == n
        assert _parse(number_in_words(n, Lang.HI).split(), _HI_VALUES, _HI_SCALES, "करोड़") == n
