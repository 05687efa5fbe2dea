"""The round trip's comparison tells a broken restore from a good one (tables.py)."""

import pytest

from .databases import SqliteDatabase
from .tables import differences, read_tables

SCHEMA = (
    "CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT)",
    "CREATE TABLE request (id INTEGER PRIMARY KEY, text TEXT)",
    "CREATE TABLE place_tags (place_id INTEGER, tag TEXT)",  # no id column: compared in full
    "INSERT INTO place (name) VALUES ('Kemin neuvola'), ('Perhetalo'), ('Kirjasto')",
    "INSERT INTO request (text) VALUES ('a'), ('b'), ('c'), ('d')",
    "INSERT INTO place_tags VALUES (1, 'neuvola'), (2, NULL)",
)


@pytest.fixture
def source(tmp_path):
    database = SqliteDatabase(tmp_path / "source.sqlite3")
    database.execute(*SCHEMA)
    return read_tables(database)


def restored(tmp_path, *changes: str) -> dict:
    database = SqliteDatabase(tmp_path / "restored.sqlite3")
    database.drop()
    database.execute(*SCHEMA, *changes)
    return read_tables(database)


def test_a_good_restore_has_no_differences_even_with_the_written_table_cut_short(source, tmp_path):
    assert differences(source, restored(tmp_path), written={"request"}) == []
    assert differences(source, restored(tmp_path, "DELETE FROM request WHERE id > 2"), written={"request"}) == []


@pytest.mark.parametrize(
    ("change", "found"),
    [
        ("DELETE FROM place WHERE id = 2", "place: 1 row(s) missing or changed, 0 row(s) not in the source"),
        ("UPDATE place SET name = 'Muutettu' WHERE id = 1", "place: 1 row(s) missing or changed, 1 row(s) not"),
        ("DELETE FROM place_tags WHERE tag IS NULL", "place_tags: 1 row(s) missing"),
        ("DELETE FROM request WHERE id = 2", "request: the 3 row(s) restored are not the source's 4 up to id 4"),
        ("UPDATE request SET text = 'x' WHERE id = 1", "request: the 4 row(s) restored are not the source's 4"),
        ("INSERT INTO request (text) VALUES ('e')", "request: the 5 row(s) restored are not the source's 4"),
        ("DELETE FROM request", "request: no rows restored"),
        ("DROP TABLE place_tags", "place_tags: not restored"),
        ("CREATE TABLE extra (id INTEGER PRIMARY KEY)", "extra: restored but not in the source"),
        ("ALTER TABLE place ADD COLUMN phone TEXT", "place: columns"),
    ],
)
def test_a_broken_restore_is_found(source, tmp_path, change, found):
    (difference,) = differences(source, restored(tmp_path, change), written={"request"})
    assert difference.startswith(found)
