"""How the loader names what it finds: the place of a value in the data files (`Where`: file,
record, field), the errors and warnings of a run (`Problems`), and the `LoadError` a run that
wrote nothing raises. Shared by the runner, the declared schemas and every app's loader."""

import difflib
from collections.abc import Iterable


class LoadError(Exception):
    """A run that wrote nothing; `messages` says every problem found, one a line."""

    def __init__(self, messages: Iterable[str]):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


class Where:
    """The place of a value in the data (file, record, field), as error messages name it:
    `Where("kemi.yaml", "services[pyyda-apua]") / "channels" / 0` is
    `kemi.yaml: services[pyyda-apua].channels[0]`."""

    __slots__ = ("file", "path")

    def __init__(self, file: str, path: str = ""):
        self.file, self.path = file, path

    def __truediv__(self, key: str | int) -> "Where":
        step = f"[{key}]" if isinstance(key, int) else (f".{key}" if self.path else str(key))
        return Where(self.file, self.path + step)

    def __str__(self) -> str:
        return f"{self.file}: {self.path}" if self.path else self.file


def record_where(file: str, section: str, index: int, item) -> Where:
    """A record is named by its slug where it has a usable one, else by its position."""
    slug = item.get("slug") if isinstance(item, dict) else None
    return Where(file, f"{section}[{slug if isinstance(slug, str) and slug else index}]")


class Problems:
    """The errors and warnings of one run, each message led by its place."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, where: Where, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def warn(self, where: Where, message: str) -> None:
        self.warnings.append(f"{where}: {message}")


def describe(value) -> str:
    """A value as a message shows it: YAML words for YAML types, short reprs for the rest."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def suggest(word, choices) -> str:
    """ "; did you mean 'x'?" for the choice closest to a misspelt `word`, or nothing."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1)
    return f"; did you mean '{close[0]}'?" if close else ""
