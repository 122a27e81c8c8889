"""Fixtures of the Python package's tests (issue 15). Run against the installed package:

    build/python-ci/venv-cp312/bin/python -m pytest tests/python_pkg     (bindings/python/ci.sh does this)
"""
import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


class SlackServer:
    """tests/support/slack_server.py on 127.0.0.1, plain http; stopped when the test ends."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "tests" / "support" / "slack_server.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        try:
            line = self.proc.stdout.readline()
            self.port = json.loads(line)["port"]
        except Exception:
            self.stop()
            raise

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}"

    def requests(self, path):
        import urllib.request

        with urllib.request.urlopen(self.url(f"_requests?path=/{path}"), timeout=10) as r:
            return json.loads(r.read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()  # the server's way to stop
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture
def slack_server():
    server = SlackServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def data():
    return DATA
