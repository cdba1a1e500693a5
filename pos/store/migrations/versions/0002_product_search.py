"""product search: FTS5 trigram index over SKU and both names, kept by triggers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

Trigram matching finds a partial word anywhere in a name (``साड़`` in ``चंदेरी साड़ी``) and is
case-insensitive for Latin text. Names are stored NFC-normalised, and queries are normalised the
same way, because Devanagari nukta letters have two encodings.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE product_search USING fts5("
        "sku, name_en, name_hi, content='products', content_rowid='rowid', "
        "tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER products_search_ai AFTER INSERT ON products BEGIN "
        "INSERT INTO product_search(rowid, sku, name_en, name_hi) "
        "VALUES (new.rowid, new.sku, new.name_en, new.name_hi); END"
    )
    op.execute(
        "CREATE TRIGGER products_search_ad AFTER DELETE ON products BEGIN "
        "INSERT INTO product_search(product_search, rowid, sku, name_en, name_hi) "
        "VALUES ('delete', old.rowid, old.sku, old.name_en, old.name_hi); END"
    )
    op.execute(
        "CREATE TRIGGER products_search_au AFTER UPDATE OF sku, name_en, name_hi ON products "
        "BEGIN "
        "INSERT INTO product_search(product_search, rowid, sku, name_en, name_hi) "
        "VALUES ('delete', old.rowid, old.sku, old.name_en, old.name_hi); "
        "INSERT INTO product_search(rowid, sku, name_en, name_hi) "
        "VALUES (new.rowid, new.sku, new.name_en, new.name_hi); END"
    )
    op.execute("INSERT INTO product_search(product_search) VALUES ('rebuild')")


def downgrade() -> None:
    for trigger in ("products_search_ai", "products_search_ad", "products_search_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS product_search")
