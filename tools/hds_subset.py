"""Write the subset of the Helsinki Design System's component styles that our templates use.

`perhekeskus/static/vendor/hds-core/components.min.css` is HDS's whole component library (70 KB);
our pages use a few of its components. This keeps every rule whose selectors name only classes
our templates (and the Python that renders HTML) use, every rule that names no class at all (the
design tokens on :root, element rules), the @media and @supports blocks around kept rules, and
the @keyframes that kept rules animate with; the result goes to `components.subset.css`, which
base.html links. Run it again after using a new HDS class (a test fails until then):

    .venv/bin/python tools/hds_subset.py
"""

import re
import sys
from pathlib import Path

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "perhekeskus" / "static" / "vendor" / "hds-core"
SOURCE, TARGET = VENDOR / "components.min.css", VENDOR / "components.subset.css"
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
HEADER = "/* hds-core 5.2.2 components, the rules Perhekeskus uses (tools/hds_subset.py; MIT licence, see LICENSE) */\n"


def used_classes() -> set[str]:
    """Every class name in our templates' class attributes, and every hds-* name in our Python
    (its tests excepted)."""
    names: set[str] = set()
    for path in (ROOT / "perhekeskus").rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            names.update(re.sub(r"{[%{].*?[%}]}", " ", attribute).split())
    for path in (ROOT / "perhekeskus").rglob("*.py"):
        if "tests" in path.parts:  # tests name classes to check them, not to use them
            continue
        names.update(re.findall(r"\bhds-[a-z0-9_-]+", path.read_text(encoding="utf-8")))
    return names


def subset(css: str, used: set[str]) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _kept(rules, used)
    animations = {name for rule in kept for name in re.findall(r"animation(?:-name)?:\s*([-\w]+)", _text(rule))}
    out = []
    for rule in kept:
        if rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = tinycss2.serialize(rule.prelude).strip()
            if name not in animations:
                continue
        out.append(_text(rule))
    return HEADER + "".join(out) + "\n"


def _kept(rules, used: set[str]) -> list:
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in tinycss2.serialize(rule.prelude).split(",") if _uses_only(s, used)]
            if selectors:
                rule.prelude = tinycss2.parse_component_value_list(",".join(s.strip() for s in selectors))
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content:
            inner = _kept(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), used)
            if inner:
                rule.content = tinycss2.parse_component_value_list("".join(_text(r) for r in inner))
                kept.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword not in ("use", "import"):
            # @use is a Sass leftover browsers ignore, and @import would fetch the whole library.
            kept.append(rule)
    return kept


def _uses_only(selector: str, used: set[str]) -> bool:
    return all(name in used for name in CLASS.findall(re.sub(r"\([^)]*\)", "", selector)))


def _text(rule) -> str:
    return re.sub(r"\s+", " ", rule.serialize()).strip()


def main() -> int:
    css = subset(SOURCE.read_text(encoding="utf-8"), used_classes())
    TARGET.write_text(css, encoding="utf-8")
    print(f"{TARGET.relative_to(ROOT)}: {len(css):,} bytes (from {SOURCE.stat().st_size:,})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
