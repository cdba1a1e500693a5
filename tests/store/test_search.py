"""Search-as-you-type and lookup over the catalogue: Hindi and English, NFC, trigram and the
short-text fallback, ranking, hostile input, and a 200,000-product catalogue."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from pos.demo import generate_catalogue
from pos.domain.barcode import in_store_ean13
from pos.domain.catalog import Product
from pos.store.catalogue import CatalogueChange, SqlCatalogue, load_snapshot
from pos.store.database import Store, open_store

NUKTA_DDA = "\u095c"  # ड़ as one code point (a composition exclusion: NFC decomposes it)
DDA_NUKTA = "\u0921\u093c"  # ड़ as ड + nukta, the NFC form


def product(pid: str, sku: str, name_en: str, name_hi: str, *, barcodes: tuple[str, ...] = (),
            active: bool = True, seq: int = 1, hsn: str = "500720") -> CatalogueChange:
    return CatalogueChange("product", pid, "upsert", seq, {
        "sku": sku, "name_en": name_en, "name_hi": name_hi, "hsn": hsn, "unit": "PCS",
        "mrp": 685_000, "is_handicraft": False, "barcodes": list(barcodes),
        "category_id": "sarees", "supplier_id": "SUP01", "active": active})


SMALL = [
    product("p1", "CHN-SAR-0001", "Chanderi Silk Saree - Peacock Buti, Maroon",
            f"चंदेरी सिल्क सा{NUKTA_DDA}ी - मोर बूटी, मैरून", barcodes=("2000000100012",)),
    product("p2", "CHN-SAR-0002", "Chanderi Silk Saree - Gold Zari Border",
            f"चंदेरी सिल्क सा{DDA_NUKTA}ी - सुनहरी ज़री बॉर्डर", barcodes=("2000000100029",)),
    product("p3", "MHS-SAR-0001", "Maheshwari Cotton Saree - Rui Phool",
            "माहेश्वरी सूती साड़ी - रुई फूल"),
    product("p4", "GND-PNT-0001", "Gond Painting - Tree of Life, A3",
            "गोंड चित्र - जीवन वृक्ष, ए3", hsn="970110"),
    product("p5", "GND-PNT-0002", "Gond Painting on Canvas - Peacock Pair",
            "गोंड चित्र कैनवास पर - मोर जोड़ा", hsn="970110"),
    product("p6", "BDN-TOY-0001", "Budni Wooden Rattle", "बुधनी लकड़ी का झुनझुना",
            hsn="950300"),
    product("p7", "DUP-0001", "Chanderi Silk Dupatta - Zari Buti, Pink",
            "चंदेरी सिल्क दुपट्टा - ज़री बूटी, गुलाबी"),
    product("p8", "OLD-SAR-0001", "Chanderi Saree (discontinued)", "पुरानी चंदेरी साड़ी",
            active=False),
    product("p9", "SAR-0001", "Bagh Print Dupatta - Sarson", "बाग़ प्रिंट दुपट्टा - सरसों"),
    product("p10", "XYZ-0001", "Sarangi Miniature Wooden", "सारंगी लघु लकड़ी", hsn="442090"),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(tmp_path / "till.db")
    load_snapshot(store, SMALL, cursor=10)
    yield store
    store.close()


@pytest.fixture
def catalogue(store: Store) -> SqlCatalogue:
    return SqlCatalogue(store)


def skus(found: list[Product]) -> list[str]:
    return [p.sku for p in found]


# -- Hindi, NFC and the nukta ---------------------------------------------------------------------

def test_hindi_partial_word_finds_saree(catalogue: SqlCatalogue) -> None:
    found = skus(catalogue.search("साड़"))
    assert {"CHN-SAR-0001", "CHN-SAR-0002", "MHS-SAR-0001"} <= set(found)
    assert "OLD-SAR-0001" not in found  # inactive


@pytest.mark.parametrize("query", [f"सा{NUKTA_DDA}", f"सा{DDA_NUKTA}", f"सा{NUKTA_DDA}ी",
                                   f"चंदेरी सिल्क सा{NUKTA_DDA}"])
def test_nukta_matches_in_both_encodings(catalogue: SqlCatalogue, query: str) -> None:
    # p1 was published with U+095C, p2 with U+0921 U+093C: each encoding of the query finds both
    found = skus(catalogue.search(query))
    assert "CHN-SAR-0001" in found
    assert "CHN-SAR-0002" in found


def test_names_are_stored_nfc(catalogue: SqlCatalogue) -> None:
    p1 = catalogue.get_product("p1")
    assert p1 is not None
    assert NUKTA_DDA not in p1.name_hi
    assert DDA_NUKTA in p1.name_hi


def test_search_index_is_consistent(store: Store) -> None:
    con = sqlite3.connect(store.path)
    try:
        con.execute("INSERT INTO product_search(product_search, rank) "
                    "VALUES ('integrity-check', 1)")
    finally:
        con.close()


# -- English --------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", ["chanderi", "CHANDERI", "ChAnDeRi", "  chanderi  "])
def test_english_is_case_insensitive(catalogue: SqlCatalogue, query: str) -> None:
    found = skus(catalogue.search(query))
    assert {"CHN-SAR-0001", "CHN-SAR-0002", "DUP-0001"} <= set(found)
    assert "OLD-SAR-0001" not in found


def test_gond_finds_gond_paintings(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("gond")) == ["GND-PNT-0001", "GND-PNT-0002"]


def test_words_are_anded_in_any_order(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("peacock gond")) == ["GND-PNT-0002"]
    assert skus(catalogue.search("silk pink")) == ["DUP-0001"]
    assert catalogue.search("gond rattle") == []


def test_hindi_and_english_words_mix(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("गोंड canvas")) == ["GND-PNT-0002"]


def test_sku_substring(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("pnt-0002")) == ["GND-PNT-0002"]


# -- short input: the prefix fallback -------------------------------------------------------------

def test_two_letters_use_the_prefix_fallback(catalogue: SqlCatalogue) -> None:
    found = skus(catalogue.search("ch"))
    assert {"CHN-SAR-0001", "CHN-SAR-0002", "DUP-0001"} <= set(found)
    assert "GND-PNT-0001" not in found
    assert "OLD-SAR-0001" not in found
    assert all(p.active for p in catalogue.search("ch"))


def test_fallback_matches_word_starts_only(catalogue: SqlCatalogue) -> None:
    # "ee" occurs inside "Saree" but starts no word
    assert catalogue.search("ee") == []
    assert skus(catalogue.search("A3")) == ["GND-PNT-0001"]
    assert skus(catalogue.search("bu")) == ["BDN-TOY-0001", "DUP-0001", "CHN-SAR-0001"]


def test_one_hindi_letter_and_two_short_words(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("गों")) == ["GND-PNT-0001", "GND-PNT-0002"]
    assert skus(catalogue.search("go ca")) == ["GND-PNT-0002"]


def test_long_word_with_a_short_one(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("gond a3")) == ["GND-PNT-0001"]
    assert skus(catalogue.search("painting on")) == ["GND-PNT-0002"]


@pytest.mark.parametrize("query", ["", " ", "\t\n", "\u3000"])
def test_empty_query_finds_nothing(catalogue: SqlCatalogue, query: str) -> None:
    assert catalogue.search(query) == []


# -- hostile input --------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    '"', '""', '"sar', 'sar"', 'sa"r', "*", "sar*", "-sar", "NOT sar", "sar OR gond",
    "OR", "AND", "NEAR(sar gond)", "(sar", "sar)", "()", "{sku}: sar", "sku:sar", "^sar",
    "sar + gond", "%", "_", "%%%", "_a_", "\\", "'; DROP TABLE products; --", "\x00sar",
    "s\u0000a", "a" * 500, "साड़ी*", '"साड़"', "\u200d", "\ufeffsar",
])
def test_any_input_is_safe(catalogue: SqlCatalogue, query: str) -> None:
    catalogue.search(query)
    catalogue.by_code(query)


def test_operators_are_searched_as_text(catalogue: SqlCatalogue) -> None:
    assert catalogue.search("sar OR gond") == []  # "or" is just a word here
    assert skus(catalogue.search("-0001 gond")) == ["GND-PNT-0001"]
    assert catalogue.search("%") == []
    assert catalogue.search("_a") == []


# -- ranking --------------------------------------------------------------------------------------

def test_exact_sku_and_barcode_come_first(catalogue: SqlCatalogue) -> None:
    assert skus(catalogue.search("sar-0001"))[0] == "SAR-0001"
    assert skus(catalogue.search("2000000100029")) == ["CHN-SAR-0002"]


def test_names_starting_with_the_text_come_before_others(catalogue: SqlCatalogue) -> None:
    found = skus(catalogue.search("sar"))
    # SKU SAR-0001 and "Sarangi..." start with it; saree names only contain it
    assert found[:2] == ["SAR-0001", "XYZ-0001"] or found[:2] == ["XYZ-0001", "SAR-0001"]
    assert set(found[2:]) == {"CHN-SAR-0001", "CHN-SAR-0002", "MHS-SAR-0001"}


def test_word_starts_rank_before_inner_matches_then_by_name(catalogue: SqlCatalogue) -> None:
    found = skus(catalogue.search("pea"))
    assert found == ["CHN-SAR-0001", "GND-PNT-0002"]  # both at a word start: by English name
    found = skus(catalogue.search("silk"))
    assert found == ["DUP-0001", "CHN-SAR-0002", "CHN-SAR-0001"]  # English name order
    assert skus(catalogue.search("ilk")) == ["DUP-0001", "CHN-SAR-0002", "CHN-SAR-0001"]


def test_names_starting_with_the_text_are_found_beyond_the_candidates(store: Store) -> None:
    # Reading only two of the matches of "sar", those starting with it are still fetched first.
    few = SqlCatalogue(store, candidates=2)
    for query in ("sar", "sa", "SA"):
        found = skus(few.search(query, limit=3))
        assert sorted(found[:2]) == ["SAR-0001", "XYZ-0001"], query
        assert len(found) == 3


def test_limit(catalogue: SqlCatalogue) -> None:
    assert len(catalogue.search("chanderi", limit=2)) == 2
    assert catalogue.search("chanderi", limit=0) == []


def test_results_carry_barcodes(catalogue: SqlCatalogue) -> None:
    (first, *_rest) = catalogue.search("peacock buti")
    assert first.barcodes == ("2000000100012",)


# -- a catalogue of 200,000 products --------------------------------------------------------------

BIG = 200_000


def snapshot_row(seq: int, p: Product) -> CatalogueChange:
    return CatalogueChange("product", p.product_id, "upsert", seq, {
        "sku": p.sku, "name_en": p.name_en, "name_hi": p.name_hi, "hsn": p.hsn,
        "unit": p.unit.value, "mrp": p.mrp, "is_handicraft": p.is_handicraft,
        "barcodes": list(p.barcodes), "category_id": p.category, "supplier_id": p.supplier_id,
        "active": p.active})


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[Product]]]:
    """The demo catalogue scaled to 200,000 products by ``pos.demo.generate_catalogue``."""
    products = list(generate_catalogue(BIG, seed=7))
    store = open_store(tmp_path_factory.mktemp("big") / "till.db")
    result = load_snapshot(store, (snapshot_row(i + 1, p) for i, p in enumerate(products)),
                           cursor=BIG)
    assert result.products == BIG
    yield store, products
    store.close()


def contains_all(p: Product, query: str) -> bool:
    text = f"{p.sku} {p.name_en} {p.name_hi}".casefold()
    return all(word in text for word in query.casefold().split())


def word_starts(p: Product, query: str) -> bool:
    text = " " + f"{p.sku} {p.name_en} {p.name_hi}".casefold().replace("-", " ").replace("(", " ")
    return all(" " + word in text for word in query.casefold().split())


@pytest.mark.slow
def test_big_catalogue_lookup(big: tuple[Store, list[Product]]) -> None:
    store, products = big
    catalogue = SqlCatalogue(store)
    for p in random.Random(1).sample(products, 300):
        for code in p.barcodes:
            assert catalogue.by_code(code) == (p, code)
        assert catalogue.by_code(p.sku) == (p, "")
        assert catalogue.by_code(p.sku.lower()) == (p, "")
        assert catalogue.get_product(p.product_id) == p
    assert catalogue.by_code(in_store_ean13(9_999_999_999, prefix="29")) is None
    assert catalogue.by_code("NO-SUCH-SKU-1") is None


@pytest.mark.slow
def test_big_catalogue_search(big: tuple[Store, list[Product]]) -> None:
    store, products = big
    catalogue = SqlCatalogue(store)
    for query in ("sar", "साड़", "chanderi", "CHANDERI", "gond", "silk saree", "peacock buti",
                  "जाल"):
        found = catalogue.search(query)
        assert len(found) == 20, query
        assert all(p.active and contains_all(p, query) for p in found), query
    for query in ("ch", "सा", "go ca"):
        found = catalogue.search(query)
        assert all(p.active and word_starts(p, query) for p in found), query
        expected = [p for p in products if p.active and word_starts(p, query)]
        assert len(found) == min(20, len(expected)), query
    # a rare combination is found completely, however common its words
    expected = {p.product_id for p in products if p.active and word_starts(p, "go ca")}
    assert 0 < len(expected) < 20
    assert {p.product_id for p in catalogue.search("go ca")} == expected
    # names starting with the text come first, then by English name
    found = catalogue.search("sar")
    starting = [p for p in found if p.name_en.casefold().startswith("sar")]
    assert starting
    assert found[:len(starting)] == starting
    assert [p.name_en.casefold() for p in starting] == sorted(p.name_en.casefold()
                                                              for p in starting)
    # every sampled product is found by its SKU (first) and by its full name
    for p in random.Random(2).sample([p for p in products if p.active], 100):
        assert catalogue.search(p.sku)[0] == p
        assert catalogue.search(p.barcodes[0]) == [p]
        same_name = sum(1 for q in products if q.name_en == p.name_en and q.active)
        assert p in catalogue.search(p.name_en, limit=same_name + 20)
        assert p in catalogue.search(f"{p.name_hi.split()[0]} {p.sku[-6:]}", limit=50)


@pytest.mark.slow
def test_big_catalogue_index_is_consistent(big: tuple[Store, list[Product]]) -> None:
    store, _products = big
    con = sqlite3.connect(store.path)
    try:
        con.execute("INSERT INTO product_search(product_search, rank) "
                    "VALUES ('integrity-check', 1)")
        (count,) = con.execute("SELECT count(*) FROM products").fetchone()
        (indexed,) = con.execute("SELECT count(*) FROM product_search_docsize").fetchone()
    finally:
        con.close()
    assert count == indexed == BIG
