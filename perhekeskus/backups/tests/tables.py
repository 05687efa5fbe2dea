"""Every table of two databases compared, for the round trip of a backup.

A table no one wrote to while the backup was made must come back row for row. A table that a
write load filled during the backup must come back as a consistent prefix: the source's rows up to
the largest id restored, every one of them and nothing else. A restore that lost a row, changed a
value, dropped a table, or copied a table while it was being written, is told apart from a good
one (test_comparison.py shows it).
"""


def read_tables(database) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table of `database` (databases.py): its columns and its rows in a fixed order."""
    with database.connect() as connection:
        if database.engine == "sqlite":
            names = [
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
        else:
            names = [
                name
                for (name,) in connection.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            ]
        tables = {}
        for name in sorted(names):
            cursor = connection.execute(f'SELECT * FROM "{name}" LIMIT 0')
            columns = [column[0] for column in cursor.description]
            order = "id" if "id" in columns else ", ".join(str(n) for n in range(1, len(columns) + 1))
            rows = [tuple(row) for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()]
            tables[name] = (columns, rows)
    return tables


def differences(source: dict, restored: dict, *, written: set[str]) -> list[str]:
    """What `restored` (read_tables) lacks or has beyond `source`; [] when it is a good restore.
    Tables in `written` were written during the backup and must be a prefix of the source's."""
    found = []
    for name in sorted(set(source) - set(restored)):
        found.append(f"{name}: not restored")
    for name in sorted(set(restored) - set(source)):
        found.append(f"{name}: restored but not in the source")
    for name in sorted(set(source) & set(restored)):
        (source_columns, source_rows), (columns, rows) = source[name], restored[name]
        if columns != source_columns:
            found.append(f"{name}: columns {columns} instead of {source_columns}")
            continue
        if name in written:
            found.extend(_prefix_differences(name, columns, source_rows, rows))
        elif rows != source_rows:
            source_set, restored_set = set(map(repr, source_rows)), set(map(repr, rows))  # jsonb reads as dicts
            missing, extra = len(source_set - restored_set), len(restored_set - source_set)
            found.append(f"{name}: {missing} row(s) missing or changed, {extra} row(s) not in the source")
    return found


def _prefix_differences(name: str, columns: list[str], source_rows: list[tuple], rows: list[tuple]) -> list[str]:
    if not rows:
        return [f"{name}: no rows restored"]
    pk = columns.index("id")
    last = max(row[pk] for row in rows)
    prefix = [row for row in source_rows if row[pk] <= last]
    if rows != prefix:
        return [f"{name}: the {len(rows)} row(s) restored are not the source's {len(prefix)} up to id {last}"]
    return []
