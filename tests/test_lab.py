"""`make lab`: JupyterLab on notebooks/, whose kernel is the project's environment.

The server is started as `make lab` starts it, but headless on loopback with a token, and a notebook
is run cell by cell through a kernel that the server started, as a reader would run it in the browser.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.error import URLError
from urllib.request import Request, urlopen

import pytest

from analysis import paths, registry

pytestmark = pytest.mark.notebook

TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lab:
    def __init__(self, port: int, token: str):
        self.base = f"127.0.0.1:{port}"
        self.token = token

    def api(self, method: str, path: str, body: dict | None = None):
        request = Request(
            f"http://{self.base}{path}",
            data=json.dumps(body).encode() if body is not None else None,
            method=method,
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urlopen(request, timeout=TIMEOUT) as response:
            payload = response.read()
            return json.loads(payload) if payload else None


@pytest.fixture
def lab(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        # As in the Makefile: the venv's kernelspec before any python3 kernel in the user's home.
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    log = open(tmp_path / "lab.log", "wb")  # noqa: SIM115 - closed in the finally below
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "lab",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={paths.NOTEBOOKS}",
            # CI runs as root, and the server refuses root unless told.
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    client = Lab(port, token)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            assert server.poll() is None, (tmp_path / "lab.log").read_text(errors="replace")
            try:
                client.api("GET", "/api/status")
                break
            except (URLError, ConnectionError):
                assert time.monotonic() < deadline, "the Jupyter server did not answer within the timeout"
                time.sleep(0.5)
        yield client
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def execute(channel, session: str, code: str) -> tuple[dict, str]:
    """Run ``code`` in the kernel; return its execute_reply content and what it printed."""
    msg_id = uuid.uuid4().hex
    channel.send(
        json.dumps(
            {
                "header": {
                    "msg_id": msg_id,
                    "msg_type": "execute_request",
                    "session": session,
                    "username": "test",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": {
                    "code": code,
                    "silent": False,
                    "store_history": True,
                    "user_expressions": {},
                    "allow_stdin": False,
                    "stop_on_error": True,
                },
                "channel": "shell",
                "buffers": [],
            }
        )
    )
    printed, reply, idle = [], None, False
    deadline = time.monotonic() + TIMEOUT
    # The reply (shell) and the output (iopub) come on separate channels, in either order; the
    # kernel's "idle" status on iopub follows the last output.
    while time.monotonic() < deadline and not (reply and idle):
        message = json.loads(channel.recv())
        if message.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "stream":
            printed.append(message["content"]["text"])
        elif message["msg_type"] == "execute_reply":
            reply = message["content"]
        elif message["msg_type"] == "status":
            idle = message["content"]["execution_state"] == "idle"
    if reply and idle:
        return reply, "".join(printed)
    raise TimeoutError(f"no execute_reply within {TIMEOUT} s for: {code[:60]!r}")


def test_lab_serves_the_notebooks_and_runs_one_in_the_project_kernel(lab, tmp_path):
    import websocket

    listed = {
        item["name"] for item in lab.api("GET", "/api/contents/")["content"] if item["type"] == "notebook"
    }
    assert listed == {p.name for p in paths.NOTEBOOKS.glob("*.ipynb")}
    assert {a.notebook for a in registry.ARTIFACTS} <= listed

    artifact = registry.by_id("table-2-1")
    notebook = lab.api("GET", f"/api/contents/{artifact.notebook}")["content"]
    assert [c for c in notebook["cells"] if "parameters" in c["metadata"].get("tags", [])]
    published = {p: p.read_bytes() for p in sorted(paths.FIGURES.rglob("*")) if p.is_file()}
    session = lab.api(
        "POST",
        "/api/sessions",
        {
            "path": artifact.notebook,
            "name": artifact.notebook,
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
    )
    kernel = session["kernel"]["id"]
    channel = websocket.create_connection(
        f"ws://{lab.base}/api/kernels/{kernel}/channels?session_id={session['id']}",
        header=[f"Authorization: token {lab.token}"],
        timeout=TIMEOUT,
    )
    try:
        reply, printed = execute(
            channel, session["id"], "import sys, analysis; print(sys.prefix); print(analysis.__file__)"
        )
        assert reply["status"] == "ok", reply
        prefix, module = printed.split()
        assert Path(prefix).resolve() == Path(sys.prefix).resolve()
        assert Path(module).resolve().parent == paths.LIBRARY

        # Run by hand, a notebook writes under build/, in its language's folder: never into figures/.
        out_dir = paths.BUILD / "notebook-runs" / "en"
        shutil.rmtree(out_dir, ignore_errors=True)
        ran = 0
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            reply, _ = execute(channel, session["id"], cell["source"])
            assert reply["status"] == "ok", (cell["id"], reply)
            ran += 1
            if "parameters" in cell["metadata"].get("tags", []):
                # A reader changes the language and reruns.
                reply, _ = execute(channel, session["id"], "lang = 'en'")
                assert reply["status"] == "ok", reply
        assert ran == sum(1 for c in notebook["cells"] if c["cell_type"] == "code")
    finally:
        channel.close()
        lab.api("DELETE", f"/api/sessions/{session['id']}")

    (run,) = [r for r in artifact.runs() if r.lang == "en" and not r.variant.suffix]
    assert sorted(p.name for p in out_dir.iterdir()) == sorted(Path(o).name for o in run.outputs())
    assert "Demand elements" in (out_dir / "table-2-1.md").read_text(encoding="utf-8")
    assert {p: p.read_bytes() for p in sorted(paths.FIGURES.rglob("*")) if p.is_file()} == published
