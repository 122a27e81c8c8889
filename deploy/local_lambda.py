"""Running a Lambda function locally on 127.0.0.1, for deploy/rehearse.py and
bench/compare_lambda.py: the test servers of tests/support (started, their ready line read,
stopped by closing their standard input), a zip unpacked with its file modes, and the AWS Lambda
Runtime Interface Emulator running a command with exactly the environment given.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import time
import urllib.request
import zipfile


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(python, args):
    """A tests/support server (slack_server.py, moto_server.py): (process, its ready line)."""
    p = subprocess.Popen([python] + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    return p, json.loads(p.stdout.readline())


def stop_server(p):
    p.stdin.close()  # the support servers stop when their standard input closes
    try:
        p.wait(timeout=10)
    except subprocess.TimeoutExpired:
        p.kill()
        p.wait()


def store_webhook_url(python, setup, url, function, name):
    """The URL encrypted by moto's KMS under {"LambdaFunctionName": function}, as a deployer stores
    it (tests/support/store_webhook_url.py, the URL on its standard input): the base64 blob."""
    script = pathlib.Path(__file__).resolve().parent.parent / "tests" / "support" / "store_webhook_url.py"
    env = dict(os.environ, AWS_ACCESS_KEY_ID=setup["access_key_id"], AWS_SECRET_ACCESS_KEY=setup["secret_access_key"])
    out = subprocess.run([python, str(script), "--endpoint", f"http://127.0.0.1:{setup['port']}", "--region", setup["region"],
                          "--key-id", setup["key_arn"], "--function-name", function, "--name", name],
                         input=url, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out)["ciphertext"]


def unpack(zip_path, folder):
    """Extracts the zip into folder, keeping each file's mode (bootstrap must stay executable)."""
    folder = pathlib.Path(folder)
    with zipfile.ZipFile(zip_path) as z:
        z.extractall(folder)
        for info in z.infolist():
            os.chmod(folder / info.filename, (info.external_attr >> 16) & 0o777)
    return folder


class Emulator:
    """aws-lambda-rie running `command` on 127.0.0.1 (both its invoke address and its Runtime API)
    with exactly `env` (as env -i), in its own process group, its output in log_path."""

    def __init__(self, rie, command, env, cwd, log_path):
        self.port = free_port()
        self.log_path = pathlib.Path(log_path)
        with open(log_path, "w") as log:
            self.proc = subprocess.Popen([rie, "--runtime-interface-emulator-address", f"127.0.0.1:{self.port}",
                                          "--runtime-api-address", f"127.0.0.1:{free_port()}"] + command,
                                         env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the emulator did not start")

    def invoke(self, body):
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/2015-03-31/functions/function/invocations",
                                     data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.read()
        except OSError as e:
            raise RuntimeError(f"{e}; the emulator's log ends with:\n{self.log()[-1500:]}") from e

    def log(self):
        return self.log_path.read_text()

    def runtime_pid(self):
        """The process the emulator started (the runtime)."""
        for task in pathlib.Path(f"/proc/{self.proc.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            if children:
                return int(children[0])
        raise RuntimeError("the emulator has no runtime process")

    def peak_rss_kib(self):
        status = pathlib.Path(f"/proc/{self.runtime_pid()}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1))

    def init_ms(self):
        """The emulator's INIT REPORT durationMs: the runtime's start to its first /next."""
        m = re.search(r"INIT REPORT\(durationMs: ([0-9.]+)\)", self.log())
        return float(m.group(1)) if m else float("nan")

    def stop(self):
        """SIGTERM to the group, then SIGKILL (the runtime too, whatever the emulator did with it)."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
