"""What a backup needs to know of the database it is given: its engine, and whether it holds data."""

from django.db.backends.base.base import BaseDatabaseWrapper

from .errors import BackupError

ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}  # connection.vendor -> its name

# The tables that `migrate` fills by itself in an empty database: its own bookkeeping, the content
# types and permissions, the role groups with their permissions (the apps' data migrations) and
# the search index's version. Rows there are no one's data, so a freshly migrated database is
# still empty to `restore` (a test migrates one and checks).
MIGRATE_FILLS = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",
        "auth_group_permissions",
        "search_indexstate",
    }
)


def engine(connection: BaseDatabaseWrapper) -> str:
    """The engine of `connection` as the manifest names it: "sqlite" or "postgresql"."""
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups are made of SQLite and PostgreSQL databases, not of {connection.vendor}.")
    return connection.vendor


def tables_with_data(counts: dict[str, int]) -> dict[str, int]:
    """The tables of `counts` (table -> rows) that hold rows `migrate` did not write."""
    return {table: rows for table, rows in counts.items() if rows and table not in MIGRATE_FILLS}
