"""The migrations a backup was made at, against the code's: is the code newer, or the backup?"""

from dataclasses import dataclass, field

from django.db.migrations.loader import MigrationLoader


@dataclass(frozen=True)
class MigrationGap:
    """How the backup's latest migrations stand against the code's."""

    behind: list[str] = field(default_factory=list)  # apps whose newer migrations the backup lacks
    unknown: list[str] = field(default_factory=list)  # "app.migration" of the backup the code lacks

    @property
    def matches(self) -> bool:
        return not self.behind and not self.unknown


def compare(latest: dict[str, str]) -> MigrationGap:
    """Compare the backup's latest applied migration per app (`latest`) with the code's graph."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    leaves: dict[str, list[str]] = {}
    for app, name in graph.leaf_nodes():
        leaves.setdefault(app, []).append(name)
    behind, unknown = set(), []
    for app, name in sorted(latest.items()):
        if (app, name) not in graph.nodes:
            unknown.append(f"{app}.{name}")
        elif name not in leaves.get(app, []):
            behind.add(app)
    behind.update(app for app in leaves if app not in latest)
    return MigrationGap(behind=sorted(behind), unknown=unknown)
