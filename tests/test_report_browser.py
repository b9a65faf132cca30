"""The reader edition: built from a small build, then opened in headless Chromium from file://."""

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

from analysis import manifest, paths, pipeline, registry, report

# One table and one figure (two views) keep the build short and cover both kinds of thumbnail.
BUILT = ("table-2-1", "figure-6-1")
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


def test_report_without_a_build_says_so_and_exits_1(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "report", "--build-dir", str(tmp_path / "build")],
        capture_output=True,
        text=True,
        cwd=paths.ROOT,
        timeout=120,
    )
    assert result.returncode == 1
    assert "no build has run" in result.stderr
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
    figure_runs = [r for r in built_runs() if any("png" in p.formats for p in r.artifact.products)]
    assert len(thumbnails) == len(figure_runs)
    for relative in thumbnails:
        assert (again / relative).read_bytes() == (built["report"] / relative).read_bytes()
        with Image.open(built["report"] / relative) as image:
            assert max(image.size) <= max(report.THUMBNAIL_BOX)


@pytest.mark.notebook
def test_a_failed_run_is_flagged_on_the_index(built, tmp_path):
    build_dir = tmp_path / "build"
    shutil.copytree(built["build"] / "executed", build_dir / "executed")
    run = registry.by_id("table-2-1").runs()[0]
    executed = report.executed_notebook(build_dir, run)
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
        return result["result"]["value"]

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


def visit(devtools: DevTools, page: Path, screenshots: Path) -> dict:
    """Load ``page``; return what went wrong on it, its requests, images and links, and screenshot it."""
    devtools.events.clear()
    devtools.call("Page.navigate", url=page.as_uri())
    devtools.wait_for("Page.loadEventFired")
    images = devtools.evaluate(
        "Array.from(document.images)"
        ".map(i => ({src: i.currentSrc, complete: i.complete, width: i.naturalWidth}))"
    )
    links = devtools.evaluate("Array.from(document.links).map(a => a.href)")
    shot = devtools.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
    screenshot = screenshots / f"{page.parent.name}-{page.stem}.png"
    screenshot.write_bytes(base64.b64decode(shot["data"]))
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
    return {
        "errors": errors,
        "requests": requests,
        "images": images,
        "links": links,
        "screenshot": screenshot,
    }


def local_path(url: str) -> Path:
    parsed = urlparse(url)
    assert parsed.scheme == "file", url
    return Path(unquote(parsed.path))


@pytest.mark.notebook
@needs_chromium
def test_the_report_works_offline_in_a_browser(built, browser, tmp_path):
    screenshots = tmp_path / "screenshots"
    screenshots.mkdir()
    index = visit(browser, built["report"] / "index.html", screenshots)
    notebook_pages = sorted({local_path(u) for u in index["links"] if "/notebooks/" in u})
    assert [p.name for p in notebook_pages] == sorted(f"{r.key.replace('/', '.')}.html" for r in built_runs())
    figure_runs = [r for r in built_runs() if any("png" in p.formats for p in r.artifact.products)]
    assert len(index["images"]) == len(figure_runs)
    linked = {local_path(u).relative_to(built["report"]).as_posix() for u in index["links"]}
    assert {f"files/{o}" for r in built_runs() for o in r.outputs()} <= linked

    visited = {"index.html": index} | {p.name: visit(browser, p, screenshots) for p in notebook_pages}
    for name, seen in visited.items():
        assert seen["errors"] == [], (name, seen["errors"])
        for link in seen["links"]:
            assert local_path(link).is_file(), (name, link)
        assert [u for u in seen["requests"] if not u.startswith(("file:", "data:"))] == [], name
        assert all(i["complete"] and i["width"] > 0 for i in seen["images"]), (name, seen["images"])
        assert seen["screenshot"].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
