"""The process: command line, config errors, signals and the server log.

--version/--help; an invalid config stops start-up naming file and line;
SIGHUP reloads what can change live (auth_file users, log_statements) and
keeps the old config when the new one is invalid; SIGTERM drains (open
transactions may finish, then 57P01); SIGINT stops at once; the log names
the session on every connection, disconnection and error.
"""

import os
import re
import signal
import socket
import subprocess
import time

import psycopg
import pytest

import pgwire as w
from conftest import BIN, USERS, wait_for


def run_bin(*args, timeout=10):
    return subprocess.run([BIN, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def start_expecting_failure(config_path, cwd, timeout=10):
    """Run ormgate -c FILE; it must exit on its own. Returns (status, output)."""
    p = subprocess.Popen([BIN, "-c", str(config_path)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, text=True)
    try:
        out, _ = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        p.kill()
        out, _ = p.communicate()
        pytest.fail(f"ormgate kept running with an invalid config:\n{out}")
    return p.returncode, out


# ---------------------------------------------------------------- command line


@pytest.mark.smoke
def test_version():
    r = run_bin("--version")
    assert r.returncode == 0, r.stderr
    assert "ormgate" in r.stdout and re.search(r"\d+\.\d+", r.stdout), r.stdout


def test_help():
    r = run_bin("--help")
    assert r.returncode == 0, r.stderr
    assert "-c" in r.stdout, r.stdout


def test_unknown_option():
    r = run_bin("--no-such-option")
    assert r.returncode != 0


def test_missing_config_file(tmp_path):
    missing = tmp_path / "nope.ini"
    status, out = start_expecting_failure(missing, tmp_path)
    assert status != 0
    assert str(missing) in out or "nope.ini" in out, out


BAD_LINES = [
    ("unknown_key", "no_such_key = 1"),
    ("port_not_a_number", "listen_port = sixty"),
    ("port_out_of_range", "listen_port = 70000"),
    ("bad_auth_type", "auth_type = kerberos"),
    ("bad_tls_mode", "tls_mode = sometimes"),
    ("bad_workers", "workers = -3"),
    ("bad_log_level", "log_level = chatty"),
    ("bad_boolean", "log_statements = perhaps"),
    ("bad_size", "max_message_size = huge"),
    ("not_key_value", "this line is not a setting"),
]


@pytest.mark.parametrize("line", [b[1] for b in BAD_LINES], ids=[b[0] for b in BAD_LINES])
def test_invalid_config(make_server, line):
    s = make_server(start=False)
    text = s.config_path.read_text().rstrip("\n") + "\n"
    lineno = text.count("\n") + 1
    s.config_path.write_text(text + line + "\n")
    status, out = start_expecting_failure(s.config_path, s.workdir)
    assert status != 0, out
    assert str(s.config_path) in out or "ormgate.ini" in out, f"file not named:\n{out}"
    assert re.search(rf"(?<!\d){lineno}(?!\d)", out), f"line {lineno} not named:\n{out}"


def test_tls_require_without_certificate(make_server):
    s = make_server(start=False, tls_mode="require", tls_cert_file=None, tls_key_file=None)
    status, out = start_expecting_failure(s.config_path, s.workdir)
    assert status != 0, out


def test_unreadable_certificate(make_server):
    s = make_server(start=False, tls_cert_file="/nonexistent/server.crt")
    status, out = start_expecting_failure(s.config_path, s.workdir)
    assert status != 0
    assert "/nonexistent/server.crt" in out, out


def test_databases_section_accepted(make_server):
    s = make_server(databases="app = driver=sqlite dsn=data/app.sqlite3\n* = driver=sqlite dsn=data/%d.sqlite3")
    for db in ("app", "other"):
        with s.session(database=db) as c:
            assert c.query_rows("SELECT 1") == [["1"]]


def test_unknown_database_without_fallback(make_server):
    s = make_server(databases="app = driver=sqlite dsn=data/app.sqlite3")
    with s.session(database="app") as c:
        assert c.query_rows("SELECT 1") == [["1"]]
    with pytest.raises(w.ServerError) as e:
        s.session(database="nosuchdb")
    assert e.value.code == "3D000"
    assert e.value.fields["message"] == 'database "nosuchdb" does not exist'


def test_workers_zero_means_cores(make_server):
    s = make_server(workers=0)
    with s.session() as c:
        assert c.query_rows("SELECT 1") == [["1"]]


def test_no_config_defaults(tmp_path):
    """With no config, ormgate listens on 127.0.0.1:6432 and takes any user and database (make run)."""
    with socket.socket() as probe:
        busy = probe.connect_ex(("127.0.0.1", 6432)) == 0
    assert not busy, "port 6432 is already in use on this machine (a running 'make run'?); stop it to run this test"
    log = open(tmp_path / "server.log", "wb")
    p = subprocess.Popen([BIN], cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    try:
        assert w.wait_port("127.0.0.1", 6432, 15, p), (tmp_path / "server.log").read_text()
        r = subprocess.run(["psql", "-X", "-At", "-h", "127.0.0.1", "-p", "6432", "-U", "anyone", "anydb", "-c",
                            "SELECT version()"], capture_output=True, text=True, timeout=30)
        assert r.returncode == 0 and "ormgate" in r.stdout, r.stderr
    finally:
        p.send_signal(signal.SIGTERM)
        try:
            rc = p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            rc = p.wait()
        log.close()
    assert rc == 0, (tmp_path / "server.log").read_text()[-3000:]


# ---------------------------------------------------------------- SIGHUP


def test_reload_userlist(make_server):
    s = make_server(auth_type="scram-sha-256")
    old = USERS["alice"]
    with s.session("alice", old) as existing:
        assert existing.simple("BEGIN")[1] == "T"
        s.write_userlist({"alice": "newpass"})
        s.reload()

        def new_password_works():
            try:
                s.session("alice", "newpass").close()
                return True
            except w.ServerError:
                return False

        assert wait_for(new_password_works, 5), "new password not accepted after SIGHUP"
        with pytest.raises(w.ServerError) as e:
            s.session("alice", old)
        assert e.value.code == "28P01"
        # the session that was open before the reload is untouched, transaction included
        msgs, status = existing.simple("SELECT 1")
        assert status == "T" and not any(k == "E" for k, _ in msgs)
        assert existing.simple("COMMIT")[1] == "I"
    assert s.alive()


def test_reload_log_statements(make_server):
    s = make_server(log_statements="off")
    with s.session() as c:
        c.simple("SELECT 'marker_before_reload'")
        s.write_config(log_statements="on")
        s.reload()
        time.sleep(0.5)
    # new sessions see the new setting
    with s.session() as c:
        c.simple("SELECT 'marker_after_reload'")
    assert wait_for(lambda: "marker_after_reload" in s.log(), 3), s.log_tail()
    assert "marker_before_reload" not in s.log()


def test_sighup_right_after_start(make_server):
    """A SIGHUP as soon as the port accepts connections (a service manager reloading at once)
    must be a reload, not the default action of SIGHUP (terminate)."""
    for _ in range(10):  # the window is short: try it often enough to see it
        s = make_server(start=False)
        s.start(probe=False)
        s.reload()
        time.sleep(0.3)
        assert s.alive(), f"SIGHUP right after start killed the server (exit status {s.proc.poll()})"


def test_reload_with_invalid_config_keeps_running(make_server):
    s = make_server()
    s.extra_text = "this is not valid\n"
    s.write_config()
    s.reload()
    time.sleep(0.5)
    assert s.alive(), "an invalid config on SIGHUP stopped the server"
    with s.session() as c:
        assert c.query_rows("SELECT 1") == [["1"]]
    s.extra_text = ""
    s.write_config()


# ---------------------------------------------------------------- SIGTERM, SIGINT


def fatal_code(c, within):
    """Code of the FATAL message a session receives before its socket is closed (None if just closed)."""
    assert c.closed_by_server(within), f"session not closed within {within}s"
    errs = [w.parse_error_fields(p) for k, p in c.pending_messages() if k == "E"]
    return errs[-1]["code"] if errs else None


def test_sigterm_drains(make_server):
    s = make_server(shutdown_timeout=20)
    in_tx = s.session()
    idle = s.session()
    try:
        assert in_tx.simple("BEGIN")[1] == "T"
        s.send_signal(signal.SIGTERM)
        time.sleep(0.5)
        # new connections are refused (connection refused, or an error at startup)
        try:
            with s.raw(timeout=5) as c:
                with pytest.raises((w.ServerError, ConnectionError, OSError)) as e:
                    c.startup("alice", "testdb")
                if isinstance(e.value, w.ServerError):
                    assert e.value.code in ("57P01", "57P03"), e.value.fields
        except ConnectionRefusedError:
            pass
        # the open transaction may finish
        msgs, status = in_tx.simple("SELECT 1")
        assert status == "T" and not any(k == "E" for k, _ in msgs), "open transaction cut short"
        msgs, status = in_tx.simple("COMMIT")
        assert status == "I"
        # then the sessions are closed with 57P01
        assert fatal_code(in_tx, 5) == "57P01"
        assert fatal_code(idle, 5) == "57P01"
        assert s.wait(10) == 0, f"exit status {s.returncode}\n{s.log_tail()}"
    finally:
        in_tx.close()
        idle.close()


def test_sigterm_shutdown_timeout(make_server):
    s = make_server(shutdown_timeout=1)
    with s.session() as c:
        assert c.simple("BEGIN")[1] == "T"
        t0 = time.monotonic()
        s.send_signal(signal.SIGTERM)
        assert fatal_code(c, 6) == "57P01"
        assert s.wait(10) == 0, s.log_tail()
        assert time.monotonic() - t0 < 6


def test_sigterm_psycopg_sees_admin_shutdown(make_server):
    s = make_server()
    with s.connect() as conn:
        conn.execute("SELECT 1")
        s.send_signal(signal.SIGTERM)
        assert s.wait(10) == 0, s.log_tail()
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")


def test_sigint_stops_at_once(make_server):
    s = make_server(shutdown_timeout=30)
    sessions = [s.session() for _ in range(3)]
    try:
        sessions[0].simple("BEGIN")
        sessions[1].send(w.query("SELECT pg_sleep(20)"))
        time.sleep(0.2)
        t0 = time.monotonic()
        s.send_signal(signal.SIGINT)
        rc = s.wait(5)
        assert rc is not None, "SIGINT did not stop the server within 5 s"
        assert time.monotonic() - t0 < 3
        assert rc == 0, f"exit status {rc}\n{s.log_tail()}"
        for c in sessions:
            assert c.closed_by_server(2)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", s.port), timeout=2).close()
    finally:
        for c in sessions:
            c.close()


def test_sigterm_removes_unix_socket(make_server):
    s = make_server()
    assert os.path.exists(s.socket_path)
    s.send_signal(signal.SIGTERM)
    assert s.wait(10) == 0
    assert not os.path.exists(s.socket_path), "unix socket file left behind"


# ---------------------------------------------------------------- log


def test_log_connection_and_disconnection(server):
    c = server.raw()
    port = c.sock.getsockname()[1]
    c.startup("alice", "logcheckdb")
    c.send(w.terminate())
    c.closed_by_server(5)
    c.close()
    pat = re.compile(rf"(?<!\d){port}(?!\d)")

    def lines():
        return [ln for ln in server.log().splitlines() if pat.search(ln)]

    assert wait_for(lambda: any(re.search(r"disconnect|clos", ln, re.I) for ln in lines()), 3), \
        f"no disconnection line naming the session (client port {port}):\n{server.log_tail()}"
    found = lines()
    assert any(re.search(r"(?<!dis)connect|login|accept", ln, re.I) for ln in found), found
    assert any(re.search(r"disconnect|clos", ln, re.I) for ln in found), found


def test_log_error_with_session(server):
    with server.raw() as c:
        port = c.sock.getsockname()[1]
        c.startup("alice", "testdb")
        c.simple("SELEC 'log_error_marker'")
    assert wait_for(lambda: "syntax error" in server.log(), 3), f"error not logged (client port {port}):\n{server.log_tail()}"


def test_log_statements_on(make_server):
    s = make_server(log_statements="on")
    with s.session() as c:
        c.simple("SELECT 'logged_statement_marker'")
    assert wait_for(lambda: "logged_statement_marker" in s.log(), 3), s.log_tail()


def test_log_statements_off(server):
    with server.session() as c:
        c.simple("SELECT 'unlogged_statement_marker'")
    time.sleep(0.3)
    assert "unlogged_statement_marker" not in server.log()


def test_logfile(make_server, tmp_path):
    logfile = tmp_path / "ormgate-file.log"
    s = make_server(logfile=str(logfile))
    with s.session() as c:
        c.simple("SELECT 1")
    assert wait_for(lambda: logfile.exists() and logfile.stat().st_size > 0, 3), "logfile stays empty"
