"""Fixtures for ormgate's integration tests: real servers, real clients.

Each server under test is a separate ormgate process started from
$ORMGATE_BIN (default build/ormgate) with its own config file, free TCP port,
unix socket directory, userlist and self-signed certificate. Its stderr log is
kept in a file. At teardown the server gets SIGTERM and must exit with status 0
within 10 s: under the sanitizer build a LeakSanitizer or UBSan report makes
the exit status non-zero, so every test also checks that the server shut down
cleanly. On failure the tail of the server log is printed.

Users in every userlist (password in brackets):
  alice  plain text        (secret1)
  bob    md5 hash          (secret2)
  carol  SCRAM verifier    (secret3)

Markers:
  smoke           also run against the non-sanitizer build (tests/run.sh)
  expected_skip   a skip that tests/run.sh does not count as a failure;
                  the reason must say why the skip is expected
"""

import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import psycopg
import pytest

import pgwire

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("ORMGATE_BIN", str(ROOT / "build" / "ormgate"))
START_TIMEOUT = float(os.environ.get("ORMGATE_START_TIMEOUT", "15"))
STOP_TIMEOUT = 10.0
TEST_TIMEOUT = int(os.environ.get("ORMGATE_TEST_TIMEOUT", "120"))

USERS = {"alice": "secret1", "bob": "secret2", "carol": "secret3"}


def userlist_text(passwords=None):
    """PgBouncer userlist.txt: alice in plain text, bob as md5, carol as a SCRAM verifier."""
    pw = dict(USERS)
    if passwords:
        pw.update(passwords)
    return (
        f'"alice" "{pw["alice"]}"\n'
        f'"bob" "{pgwire.md5_password(pw["bob"], "bob")}"\n'
        f'"carol" "{pgwire.scram_verifier(pw["carol"])}"\n'
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_env(**extra):
    """Environment for psql/libpq with nothing inherited that could change what they do."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env["PGCONNECT_TIMEOUT"] = "10"
    env["PSQLRC"] = "/dev/null"
    env["PGSSLROOTCERT"] = "/nonexistent"  # sslmode=require must not try to verify
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Server:
    """One ormgate process under test."""

    def __init__(self, workdir, cert, key, **cfg):
        self.workdir = pathlib.Path(workdir)
        self.port = free_port()
        # sun_path is 108 bytes: keep the socket directory short
        self.sockdir = tempfile.mkdtemp(prefix="ogsock-", dir="/tmp")
        self.host = "127.0.0.1"
        self.config_path = self.workdir / "ormgate.ini"
        self.userlist = self.workdir / "userlist.txt"
        self.log_path = self.workdir / "server.log"
        self.proc = None
        self.returncode = None
        self.stopping = False
        self.cfg = {
            "listen_addr": "127.0.0.1",
            "listen_port": self.port,
            "unix_socket_dir": self.sockdir,
            "workers": 2,
            "auth_type": "trust",
            "auth_file": str(self.userlist),
            "tls_mode": "prefer",
            "tls_cert_file": cert,
            "tls_key_file": key,
            "log_level": "info",
            "shutdown_timeout": 5,
        }
        self.extra_text = cfg.pop("extra_text", "")  # appended after the [ormgate] keys
        # every database name maps to the embedded default (backends are not used yet)
        self.databases = cfg.pop("databases", "* = driver=sqlite dsn=data/%d.sqlite3")
        self.cfg.update(cfg)
        self.userlist.write_text(userlist_text())
        self.write_config()

    # --- configuration

    def write_config(self, **changes):
        """(Re)write ormgate.ini; a value of None leaves the key out."""
        self.cfg.update(changes)
        lines = ["; written by tests/integration/conftest.py", "[databases]", self.databases, "", "[ormgate]"]
        for k, v in self.cfg.items():
            if v is not None:
                lines.append(f"{k} = {v}")
        text = "\n".join(lines) + "\n" + self.extra_text
        self.config_path.write_text(text)

    def write_userlist(self, passwords):
        self.userlist.write_text(userlist_text(passwords))

    # --- process

    def start(self, probe=True):
        """Start the server and wait until it accepts TCP connections; with probe, also until a
        worker answers (a GSSENCRequest gets its 'N'), so the process is fully up."""
        self.logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [BIN, "-c", str(self.config_path)],
            stdin=subprocess.DEVNULL,
            stdout=self.logf,
            stderr=subprocess.STDOUT,
            cwd=self.workdir,
        )
        if not pgwire.wait_port(self.host, self.port, START_TIMEOUT, self.proc):
            rc = self.proc.poll()
            if rc is None:
                self.proc.kill()
                self.proc.wait()
            raise RuntimeError(
                f"ormgate did not accept connections on {self.host}:{self.port} within {START_TIMEOUT}s "
                f"(exit status {rc})\n--- config ---\n{self.config_path.read_text()}--- log ---\n{self.log_tail()}"
            )
        if probe and not self._answers():
            raise RuntimeError(f"ormgate accepts connections but does not answer\n{self.log_tail()}")
        return self

    def _answers(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with pgwire.Conn(self.host, self.port, timeout=2) as c:
                    c.send(pgwire.gssenc_request())
                    if c.recv_bytes(1) == b"N":
                        return True
            except (OSError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.02)
        return False

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def send_signal(self, sig):
        if sig in (signal.SIGTERM, signal.SIGINT):
            self.stopping = True  # teardown then waits instead of signalling again
        self.proc.send_signal(sig)

    def reload(self):
        self.proc.send_signal(signal.SIGHUP)

    def wait(self, timeout=STOP_TIMEOUT):
        """Wait for exit; returns the exit status or None on timeout."""
        try:
            self.returncode = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        return self.returncode

    def stop(self, sig=signal.SIGTERM, timeout=STOP_TIMEOUT):
        """Signal the server and wait; kills it (and returns None) when it does not exit in time."""
        if self.proc.poll() is None and not self.stopping:
            self.proc.send_signal(sig)
        rc = self.wait(timeout)
        if rc is None:
            self.proc.kill()
            self.proc.wait()
        self.logf.close()
        return rc

    def log(self):
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, n=60):
        return "\n".join(self.log().splitlines()[-n:])

    def sanitizer_report(self):
        """The first line of a sanitizer report in the log, or None."""
        for line in self.log().splitlines():
            if "Sanitizer" in line or "runtime error:" in line:
                return line
        return None

    # --- clients

    @property
    def socket_path(self):
        return os.path.join(self.sockdir, f".s.PGSQL.{self.port}")

    def conninfo(self, user="alice", dbname="testdb", **kw):
        parts = {"host": self.host, "port": self.port, "user": user, "dbname": dbname, "connect_timeout": 10}
        parts.update(kw)
        return " ".join(f"{k}='{v}'" for k, v in parts.items() if v is not None)

    def connect(self, user="alice", dbname="testdb", autocommit=True, **kw):
        """A psycopg 3 connection (libpq defaults otherwise: sslmode=prefer)."""
        return psycopg.connect(self.conninfo(user, dbname, **kw), autocommit=autocommit)

    def raw(self, timeout=10.0, unix=False):
        """An unauthenticated pgwire.Conn."""
        if unix:
            return pgwire.Conn(unix_path=self.socket_path, timeout=timeout)
        return pgwire.Conn(self.host, self.port, timeout=timeout)

    def session(self, user="alice", password=None, database="testdb", timeout=10.0, **kw):
        """A pgwire.Conn that has completed startup (no TLS)."""
        c = self.raw(timeout)
        c.startup(user, database, password, **kw)
        return c

    def psql(self, sql=None, user="alice", dbname="testdb", host=None, password=None, args=(), timeout=30, **conn):
        """Run psql -X -At; returns CompletedProcess (stdout/stderr as text)."""
        info = {"host": host or self.host, "port": self.port, "user": user, "dbname": dbname}
        info.update(conn)
        cmd = ["psql", "-X", "-A", "-t", " ".join(f"{k}={v}" for k, v in info.items())]
        if sql is not None:
            cmd += ["-c", sql]
        cmd += list(args)
        env = pg_env(**({"PGPASSWORD": password} if password is not None else {}))
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def finish_server(server):
    """Teardown check shared by all server fixtures: SIGTERM, exit 0 within 10 s, no sanitizer report."""
    if server.proc is None:
        shutil.rmtree(server.sockdir, ignore_errors=True)
        return
    already = server.proc.poll() is not None
    rc = server.stop()
    shutil.rmtree(server.sockdir, ignore_errors=True)
    problems = []
    if rc is None:
        problems.append(f"did not exit within {STOP_TIMEOUT}s of SIGTERM (killed)")
    elif rc != 0:
        problems.append(f"exit status {rc}" + (" (it had already exited before teardown)" if already else ""))
    report = server.sanitizer_report()
    if report:
        problems.append(f"sanitizer report in log: {report}")
    if problems:
        pytest.fail(
            f"ormgate (pid {server.pid}, port {server.port}): " + "; ".join(problems) + f"\n--- log tail ---\n{server.log_tail()}",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def tls_files(tmp_path_factory):
    """A self-signed certificate and key for CN=localhost, made once per test run."""
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "server.crt", d / "server.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-days", "2",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    os.chmod(key, 0o600)
    return str(cert), str(key)


@pytest.fixture
def make_server(tmp_path, tls_files):
    """Factory: make_server(**config) starts a server with these config keys (None = key left out)."""
    servers = []

    def make(start=True, **cfg):
        d = tmp_path / f"server{len(servers)}"
        d.mkdir()
        s = Server(d, *tls_files, **cfg)
        servers.append(s)
        return s.start() if start else s

    yield make
    failures = []
    for s in servers:  # stop every server even when an earlier one fails its check
        try:
            finish_server(s)
        except pytest.fail.Exception as e:
            failures.append(str(e))
    if failures:
        pytest.fail("\n\n".join(failures), pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory, tls_files):
    """One default server per test module: trust auth, tls_mode=prefer, 2 workers."""
    s = Server(tmp_path_factory.mktemp("server"), *tls_files)
    s.start()
    yield s
    finish_server(s)


@pytest.fixture(autouse=True)
def _time_limit():
    """Fail a test that hangs instead of hanging the whole run."""

    def expired(signum, frame):
        raise TimeoutError(f"test exceeded {TEST_TIMEOUT}s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TEST_TIMEOUT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def pytest_configure(config):
    config.addinivalue_line("markers", "smoke: quick subset also run against the non-sanitizer build")
    config.addinivalue_line("markers", "expected_skip(reason): a skip tests/run.sh accepts (reason required)")


def pytest_collection_modifyitems(config, items):
    for item in items:
        m = item.get_closest_marker("expected_skip")
        if m is not None:
            reason = m.args[0] if m.args else m.kwargs.get("reason", "")
            assert reason, f"{item.nodeid}: expected_skip needs a reason"
            item.add_marker(pytest.mark.skip(reason=f"expected-skip: {reason}"))


def wait_for(pred, timeout=5.0, interval=0.05):
    """Poll pred() until it returns something truthy; returns that value or None."""
    deadline = time.monotonic() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.monotonic() >= deadline:
            return None
        time.sleep(interval)
