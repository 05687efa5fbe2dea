"""What the first load of a public page weighs over the wire, with all the design system's
component styles and with the subset our templates use (tools/hds_subset.py), side by side.

The app runs under gunicorn with DEBUG off (WhiteNoise serves the static files compressed, as in
production); each page is fetched as a browser with an empty cache would fetch it: the HTML
(uncompressed: the app does not compress pages, a proxy may), then every stylesheet, script and
image it links, with `Accept-Encoding: br, gzip`. The "all components" column counts the page
with components.min.css in place of components.subset.css. The target is 60 KB.

    .venv/bin/python bench/page_weight.py
"""

import http.client
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.serving import free_port, prepare_database, start_gunicorn, stop  # noqa: E402

PAGES = ["/", "/services/?q=neuvola", "/pyyda-apua/", "/calendar/this-week/", "/sv/", "/en/paths/"]
LINKED = re.compile(r'<(?:link[^>]+rel="stylesheet"[^>]+href|script[^>]+src|img[^>]+src)="(/static/[^"]+)"')
TARGET_KB = 60


def fetch(port: int, path: str, *, compressed: bool) -> int:
    """The bytes that cross the wire for `path` (headers not counted)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Encoding": "br, gzip"} if compressed else {}
    conn.request("GET", path, headers={**headers, "Accept-Language": "fi"})
    answer = conn.getresponse()
    body = answer.read()
    conn.close()
    if answer.status != 200:
        raise RuntimeError(f"{path} answered {answer.status}")
    return len(body)


def page(port: int, path: str) -> tuple[str, int, dict[str, int]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Accept-Language": "fi"})
    html = conn.getresponse().read().decode()
    conn.close()
    return (
        html,
        len(html.encode()),
        {url: fetch(port, url, compressed=True) for url in sorted(set(LINKED.findall(html)))},
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        env = prepare_database("sqlite", Path(workdir), "weight")
        port = free_port()
        server = start_gunicorn(env, port, workers=1, redis_url=None)
        try:
            rows = []
            for path in PAGES:
                html, html_bytes, assets = page(port, path)
                subset = next((url for url in assets if "components.subset" in url), None)
                # The whole library beside it, by its unhashed name (collectstatic keeps both).
                whole = re.sub(r"components\.subset(\.[0-9a-f]+)?\.css", "components.min.css", subset or "")
                full = subset and fetch(port, whole, compressed=True)
                total = html_bytes + sum(assets.values())
                before = total - (assets[subset] if subset else 0) + (full or 0)
                rows.append((path, html_bytes, len(assets), before, total))
        finally:
            stop(server)
    print(f"first load over the wire (HTML + linked static files, br/gzip), target {TARGET_KB} KB")
    print(f"{'page':<24} {'HTML':>8} {'files':>6} {'all components':>15} {'subset':>9} {'ratio':>7}")
    for path, html_bytes, files, before, total in rows:
        sizes = f"{html_bytes / 1024:>6.1f} K {files:>6} {before / 1024:>13.1f} K {total / 1024:>7.1f} K"
        print(f"{path:<24} {sizes} {before / total:>6.2f}x")
    worst = max(total for *_, total in rows) / 1024
    verdict = "within" if worst <= TARGET_KB else "over"
    print(f"heaviest page with the subset: {worst:.1f} KB ({verdict} {TARGET_KB} KB)")


if __name__ == "__main__":
    main()
