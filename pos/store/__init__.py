"""The till's SQLite store: tables, repositories, migrations, backups."""
