"""The reader edition: built from a small build, then opened in headless Chromium from file://.

Every page is visited; the language switch, the search and the evidence behind a figure's mark are
used as a reader would, with mouse events at the elements' places."""

from __future__ import annotations

import base64
import html
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import urlopen

import pytest

from analysis import data, manifest, paths, pipeline, registry, report
from analysis.i18n import LANGS

# A table, a figure (two views), and the excerpts with the sanction case table that links to them:
# a short build that still has every kind of page and link.
BUILT = ("table-2-1", "figure-6-1", "fieldwork-overview", "sanctions")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary on PATH (chromium or chromium-browser); `.ci/run` installs it",
)
TIMEOUT = 30.0


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report")
    dirs = {"figures": root / "figures", "build": root / "build", "report": root / "report"}
    pipeline.build(only=BUILT, figures_dir=dirs["figures"], build_dir=dirs["build"], log=lambda line: None)
    report.render(
        figures_dir=dirs["figures"], build_dir=dirs["build"], out_dir=dirs["report"], log=lambda _: None
    )
    return dirs


def built_runs() -> list[registry.Run]:
    return [run for artifact_id in BUILT for run in registry.by_id(artifact_id).runs()]


def built_pngs() -> list[str]:
    """The published PNGs of the build: one thumbnail each on the index."""
    return [output for run in built_runs() for output in run.outputs() if output.endswith(".png")]


def test_report_without_a_build_says_so_and_exits_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--build-dir", str(tmp_path / "build")],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )
    assert result.returncode == 2  # a user's mistake, like every other (analysis.errors)
    assert "holds no executed notebook" in result.stderr and "make reproduce" in result.stderr
    assert not (tmp_path / "build" / "report").exists()


@pytest.mark.notebook
def test_every_page_names_no_external_resource(built):
    assert len(list((built["report"] / "notebooks").glob("*.html"))) == len(built_runs())
    pages = sorted(built["report"].rglob("*.html"))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.I), page.name
        assert not re.findall(r"""url\(\s*["']?\s*(?:https?:)?//""", text, re.I), page.name
        assert not re.findall(r"""import\(\s*["']https?://""", text, re.I), page.name


@pytest.mark.notebook
def test_the_index_lists_every_artifact_with_reference_downloads_and_provenance(built):
    index = html.unescape((built["report"] / "index.html").read_text(encoding="utf-8"))
    for artifact in registry.ARTIFACTS:
        assert artifact.thesis_ref_nb in index and artifact.thesis_ref_en in index
    recorded = manifest.read(built["figures"])
    for run in built_runs():
        entry = recorded["runs"][run.key]
        assert json.dumps(entry["parameters"], sort_keys=True) in index
        for digest in [entry["input_hash"], *entry["inputs"].values(), *entry["outputs"].values()]:
            assert digest in index
        for output in run.outputs():
            assert f'href="files/{output}"' in index
            copied = built["report"] / "files" / output
            assert copied.read_bytes() == (built["figures"] / output).read_bytes()
    assert "the published file differs" not in index
    for artifact in registry.ARTIFACTS:
        for lang in LANGS:
            assert (built["report"] / lang / f"{artifact.id}.html").is_file()
    unbuilt = [r for a in registry.ARTIFACTS if a.id not in BUILT for r in a.runs()]
    assert index.count("Not built: ") == len(unbuilt)


@pytest.mark.notebook
def test_thumbnails_are_small_and_the_same_on_every_render(built, tmp_path):
    from PIL import Image

    again = tmp_path / "again"
    report.render(figures_dir=built["figures"], build_dir=built["build"], out_dir=again, log=lambda _: None)
    thumbnails = sorted(
        p.relative_to(built["report"]) for p in (built["report"] / "thumbnails").rglob("*.png")
    )
    assert len(thumbnails) == len(built_pngs())
    for relative in thumbnails:
        assert (again / relative).read_bytes() == (built["report"] / relative).read_bytes()
        with Image.open(built["report"] / relative) as image:
            assert max(image.size) <= max(report.THUMBNAIL_BOX)


@pytest.mark.notebook
def test_a_failed_run_is_flagged_on_the_index(built, tmp_path):
    build_dir = tmp_path / "build"
    shutil.copytree(built["build"] / "executed", build_dir / "executed")
    run = registry.by_id("table-2-1").runs()[0]
    executed = pipeline.executed_notebook(build_dir, run)
    node = json.loads(executed.read_text(encoding="utf-8"))
    node["metadata"]["papermill"]["exception"] = True
    executed.write_text(json.dumps(node), encoding="utf-8")
    index = report.render(figures_dir=built["figures"], build_dir=build_dir, log=lambda _: None)
    assert index.read_text(encoding="utf-8").count("failed in the last build") == 1


class DevTools:
    """A minimal Chrome DevTools Protocol client over one page's websocket."""

    def __init__(self, url: str):
        import websocket

        self.socket = websocket.create_connection(url, timeout=TIMEOUT, suppress_origin=True)
        self.events: list[dict] = []
        self.next_id = 0

    def _receive(self, deadline: float) -> dict:
        self.socket.settimeout(max(0.1, deadline - time.monotonic()))
        message = json.loads(self.socket.recv())
        if "id" not in message:
            self.events.append(message)
        return message

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            message = self._receive(deadline)
            if message.get("id") == self.next_id:
                assert "error" not in message, f"{method}: {message['error']}"
                return message["result"]
        raise TimeoutError(f"no answer to {method} within {TIMEOUT} s")

    def wait_for(self, event: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self._receive(deadline).get("method") == event:
                return
        raise TimeoutError(f"no {event} within {TIMEOUT} s")

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")  # undefined has none

    def close(self) -> None:
        self.socket.close()


@pytest.fixture
def browser(tmp_path):
    """A headless Chromium with a fresh profile, stopped afterwards; yields a DevTools client on its page."""
    profile = tmp_path / "profile"
    process = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--remote-debugging-port=0",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + TIMEOUT
        while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
            assert process.poll() is None, f"Chromium exited with {process.returncode}"
            assert time.monotonic() < deadline, "Chromium did not open its DevTools port"
            time.sleep(0.1)
        port = int(port_file.read_text().splitlines()[0])
        with urlopen(f"http://127.0.0.1:{port}/json/list", timeout=TIMEOUT) as response:
            targets = json.load(response)
        page = next(t for t in targets if t["type"] == "page")
        devtools = DevTools(page["webSocketDebuggerUrl"])
        try:
            for domain in ("Page", "Runtime", "Log", "Network"):
                devtools.call(f"{domain}.enable")
            # A request that tries to leave the machine is refused, and still shows in the events.
            devtools.call("Network.setBlockedURLs", urls=["http://*", "https://*", "ws://*", "wss://*"])
            devtools.call(
                "Emulation.setDeviceMetricsOverride",
                width=1280,
                height=900,
                deviceScaleFactor=1,
                mobile=False,
            )
            yield devtools
        finally:
            devtools.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def visit(devtools: DevTools, page: Path, screenshots: Path | None = None, query: str = "") -> dict:
    """Load ``page``; return what went wrong on it, its requests, images and links (and screenshot it)."""
    devtools.events.clear()
    devtools.call("Page.navigate", url=page.as_uri() + query)
    devtools.wait_for("Page.loadEventFired")
    images = devtools.evaluate(
        "Array.from(document.images)"
        ".map(i => ({src: i.currentSrc, complete: i.complete, width: i.naturalWidth}))"
    )
    links = devtools.evaluate("Array.from(document.links).map(a => a.href)")
    screenshot = None
    if screenshots is not None:
        shot = devtools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        screenshot = screenshots / f"{page.parent.name}-{page.stem}.png"
        screenshot.write_bytes(base64.b64decode(shot["data"]))
    return {"links": links, "images": images, "screenshot": screenshot, **problems(devtools)}


def problems(devtools: DevTools) -> dict:
    """The console errors, exceptions and requests among the events since they were last cleared."""
    errors, requests = [], []
    for event in devtools.events:
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            errors.append(params["args"])
        elif method == "Runtime.exceptionThrown":
            errors.append(params["exceptionDetails"])
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            errors.append(params["entry"])
        elif method == "Network.requestWillBeSent":
            requests.append(params["request"]["url"])
    return {"errors": errors, "requests": requests}


def local_path(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(unquote(parsed.path))


def anchors(page: Path) -> set[str]:
    return {html.unescape(i) for i in re.findall(r'\bid="([^"]*)"', page.read_text(encoding="utf-8"))}


@pytest.mark.notebook
@needs_chromium
def test_every_page_works_offline_and_every_link_resolves(built, browser, tmp_path):
    screenshots = tmp_path / "screenshots"
    screenshots.mkdir()
    index = visit(browser, built["report"] / "index.html", screenshots)
    notebook_pages = sorted({local_path(u) for u in index["links"] if "/notebooks/" in u})
    assert [p.name for p in notebook_pages] == sorted(f"{r.slug}.html" for r in built_runs())
    assert len(index["images"]) == len(built_pngs())
    linked = {local_path(u).relative_to(built["report"]).as_posix() for u in index["links"]}
    assert {f"files/{o}" for r in built_runs() for o in r.outputs()} <= linked

    every_page = sorted(built["report"].rglob("*.html"))
    reader_pages = [p for p in every_page if p.parent.parent == built["report"] and p.parent.name in LANGS]
    assert len(reader_pages) == len(LANGS) * (len(registry.ARTIFACTS) + 1)  # and a search page each
    assert set(notebook_pages) <= set(every_page)
    checked = 0
    for page in every_page:
        seen = index if page.name == "index.html" and page.parent == built["report"] else visit(browser, page)
        name = page.relative_to(built["report"]).as_posix()
        assert seen["errors"] == [], (name, seen["errors"])
        assert [u for u in seen["requests"] if not u.startswith(("file:", "data:"))] == [], name
        assert all(i["complete"] and i["width"] > 0 for i in seen["images"]), (name, seen["images"])
        for link in seen["links"]:
            target = local_path(link)
            assert target.is_file(), (name, link)
            fragment = urlparse(link).fragment
            if fragment and target.suffix == ".html":
                # A browser tries the fragment as written and percent-decoded (nbconvert's heading
                # anchors keep the encoded form in their ids).
                assert {fragment, unquote(fragment)} & anchors(target), (name, link)
                checked += 1
        assert str(paths.ROOT) not in page.read_text(encoding="utf-8"), name
        assert str(built["report"].parent) not in page.read_text(encoding="utf-8"), name
    assert checked > 0
    assert index["screenshot"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def click(devtools: DevTools, x: float, y: float) -> None:
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        devtools.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)


def centre(devtools: DevTools, selector: str) -> tuple[float, float]:
    box = devtools.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.scrollIntoView();"
        " const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    return box[0], box[1]


@pytest.mark.notebook
@needs_chromium
def test_the_language_switch_opens_the_same_page_in_the_other_language(built, browser):
    artifact = registry.by_id("table-2-1")
    visit(browser, built["report"] / "nb" / "table-2-1.html")
    assert browser.evaluate("document.documentElement.lang") == "nb"
    assert browser.evaluate("document.querySelector('h1').textContent") == artifact.thesis_ref_nb
    browser.events.clear()
    click(browser, *centre(browser, "a.lang-switch"))
    browser.wait_for("Page.loadEventFired")
    assert browser.evaluate("location.pathname").endswith("/en/table-2-1.html")
    assert browser.evaluate("document.documentElement.lang") == "en"
    assert browser.evaluate("document.querySelector('h1').textContent") == artifact.thesis_ref_en
    assert browser.evaluate("document.querySelectorAll('table.kvp tbody tr').length") > 0


def a_distinctive_excerpt() -> tuple[str, str]:
    """An excerpt and a word of it that no other excerpt has, straight from data/."""
    excerpts = data.load(paths.DATA)["excerpts"]
    words = excerpts["text_nb"].str.lower().str.findall(r"\w{9,}")
    counts = words.explode().value_counts()
    for excerpt_id, found in zip(excerpts["excerpt_id"], words, strict=True):
        unique = sorted(w for w in found if counts[w] == 1)
        if unique:
            return excerpt_id, unique[0]
    raise AssertionError("no excerpt has a word of its own")


def hits(devtools: DevTools) -> list[str]:
    return devtools.evaluate("Array.from(document.querySelectorAll('.hit')).map(h => h.dataset.excerpt)")


@pytest.mark.notebook
@needs_chromium
def test_search_finds_an_excerpt_by_word_speaker_and_code(built, browser):
    tables = data.load(paths.DATA)
    excerpt_id, word = a_distinctive_excerpt()
    seen = visit(browser, built["report"] / "en" / "search.html", query=f"?q={word}")
    assert hits(browser) == [excerpt_id]
    assert seen["errors"] == []

    spoken = tables["excerpts"].dropna(subset=["speaker_id"])
    spoken = spoken[~spoken["speaker_id"].str.contains(";")].iloc[0]
    name = tables["persons"].set_index("person_id").loc[spoken["speaker_id"], "pseudonym"]
    by_speaker = set(
        tables["excerpts"].loc[tables["excerpts"]["speaker_id"] == spoken["speaker_id"], "excerpt_id"]
    )
    code = tables["codings"].loc[tables["codings"]["excerpt_id"] == spoken["excerpt_id"], "code_id"].iloc[0]
    label = tables["codes"].set_index("code_id").loc[code, "label_en"]
    coded = set(tables["codings"].loc[tables["codings"]["code_id"] == code, "excerpt_id"])
    browser.evaluate(
        "(() => { const f = document.getElementById('kvp-search'); f.elements.q.value = '';"
        f" f.elements.speaker.value = {json.dumps(name)};"
        " f.dispatchEvent(new Event('input')); })()"
    )
    assert spoken["excerpt_id"] in hits(browser) and set(hits(browser)) <= by_speaker
    browser.evaluate(
        "(() => { const f = document.getElementById('kvp-search');"
        f" f.elements.code.value = {json.dumps(label)}; f.dispatchEvent(new Event('input')); }})()"
    )
    assert spoken["excerpt_id"] in hits(browser) and set(hits(browser)) <= by_speaker & coded


NODE_TABLE = "intake_flow_nodes"


def a_node_gid(figures: Path) -> str:
    """The gid of the first node the published Figur 6.1 draws: the real figure, never a fixture."""
    drawn = (figures / "nb" / "figure-6-1.svg").read_text(encoding="utf-8")
    own = sorted(set(re.findall(rf'id="(kvp:{NODE_TABLE}:[^"#]+)"', drawn)))
    assert own, "the published Figur 6.1 names none of its nodes"
    return own[0]


@pytest.mark.notebook
@needs_chromium
def test_pointing_at_a_node_of_figure_6_1_shows_its_snippet_and_clicking_opens_its_row(built, browser):
    gid = a_node_gid(built["figures"])
    row = data.load(paths.DATA)[NODE_TABLE].set_index("node_id").loc[gid.rsplit(":", 1)[1]]
    seen = visit(browser, built["report"] / "nb" / "figure-6-1.html")
    assert seen["errors"] == []
    # A reader points at the node's name: every point of the name, ink or not, is the node's.
    points = browser.evaluate(
        f"(() => {{ const m = document.querySelector('[data-kvp=\"{gid}\"]'); m.scrollIntoView();"
        " const r = m.getBoundingClientRect();"
        " const name = Array.from(document.querySelectorAll('.figure [id*=\"-text_\"]')).find(t => {"
        "  const b = t.getBoundingClientRect(), x = b.x + b.width / 2, y = b.y + b.height / 2;"
        "  return x > r.left && x < r.right && y > r.top && y < r.bottom; });"
        " if (!name) return null;"
        " const b = name.getBoundingClientRect(), found = [];"
        " for (let i = 1; i < 12; i++) for (let j = 1; j < 6; j++) {"
        "  const x = b.x + b.width * i / 12, y = b.y + b.height * j / 6;"
        "  const hit = document.elementFromPoint(x, y);"
        "  found.push([x, y, !!hit && hit.closest('[data-kvp]') === m]); }"
        " return found; })()"
    )
    assert points, f"no name is written in {gid}"
    assert all(mine for _, _, mine in points), f"the name of {gid} hides its node from the pointer"
    point = points[len(points) // 2][:2]
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=point[0], y=point[1])
    tip = browser.evaluate(
        "(() => { const t = document.getElementById('kvp-tip'); return [t.hidden, t.textContent]; })()"
    )
    assert tip[0] is False
    assert row["evidence"] in tip[1] and row["section"] in tip[1] and row["lines"] in tip[1]
    click(browser, *point)
    assert browser.evaluate("location.hash") == f"#row:{gid}"
    assert browser.evaluate("document.getElementById('kvp-data').open") is True
    opened = browser.evaluate(f"document.getElementById('row:{gid}').textContent")
    assert row["evidence"] in opened and row["lines"] in opened
    assert problems(browser)["errors"] == []


@pytest.mark.notebook
@needs_chromium
def test_pointing_at_a_bullet_of_table_2_1_shows_its_snippet(built, browser):
    elements = data.load(paths.DATA)["activation_elements"]
    row = elements[elements["kind"] == "item"].iloc[0]
    visit(browser, built["report"] / "nb" / "table-2-1.html")
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=0, y=0)
    x, y = centre(browser, f"li#{row['element_id']}")
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    tip = browser.evaluate("document.getElementById('kvp-tip').textContent")
    assert row["evidence"] in tip and row["lines"] in tip
    click(browser, x, y)
    assert browser.evaluate("location.hash") == f"#row:kvp:activation_elements:{row['element_id']}"
