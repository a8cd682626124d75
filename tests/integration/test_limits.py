"""Connection limits and timeouts: each hits only the session it concerns.

max_client_conn (53300), client_login_timeout, idle_transaction_timeout
(25P03) and client_idle_timeout (57P05). Every test keeps a witness session
open and checks it still works after the limit struck someone else.
"""

import time

import psycopg
import pytest

import pgwire as w
from conftest import USERS, wait_for


def works(conn):
    return conn.query_rows("SELECT 1") == [["1"]]


def expect_fatal(c, code, within):
    """Wait for an unsolicited FATAL ErrorResponse with this code, then the close of the socket."""
    t0 = time.monotonic()
    assert c.closed_by_server(within), f"session not closed within {within}s"
    elapsed = time.monotonic() - t0
    msgs = c.pending_messages()
    errs = [w.parse_error_fields(p) for k, p in msgs if k == "E"]
    assert errs, f"closed without an ErrorResponse (got {[k for k, _ in msgs]})"
    assert errs[-1]["severity"] == "FATAL" and errs[-1]["code"] == code, errs[-1]
    return elapsed, errs[-1]


# ---------------------------------------------------------------- max_client_conn


def test_max_client_conn(make_server):
    s = make_server(max_client_conn=3)
    time.sleep(0.2)  # let the start-up probe connection be closed and forgotten
    sessions = [s.session() for _ in range(3)]
    try:
        with s.raw() as extra:
            with pytest.raises(w.ServerError) as e:
                extra.startup("alice", "testdb")
            assert e.value.code == "53300"
            assert e.value.fields["severity"] == "FATAL"
            assert "too many" in e.value.fields["message"].lower(), e.value.fields["message"]
            assert extra.closed_by_server()
        with pytest.raises(psycopg.OperationalError) as e:
            s.connect(sslmode="disable").close()
        assert "too many" in str(e.value).lower()
        assert all(works(c) for c in sessions)
        # a slot freed is a slot usable again
        sessions.pop().close()

        def can_connect():
            try:
                c = s.session()
            except (w.ServerError, ConnectionError):
                return None
            sessions.append(c)
            return True

        assert wait_for(can_connect, 5), "closing a session did not free its slot"
        assert all(works(c) for c in sessions)
    finally:
        for c in sessions:
            c.close()


def test_max_client_conn_counts_tls_and_unix(make_server):
    s = make_server(max_client_conn=2)
    time.sleep(0.2)
    a = s.raw(unix=True)
    a.startup("alice", "testdb")
    b = s.raw()
    assert b.request_ssl() == "S"
    b.start_tls()
    b.startup("alice", "testdb")
    try:
        with s.raw() as extra:
            with pytest.raises(w.ServerError) as e:
                extra.startup("alice", "testdb")
            assert e.value.code == "53300"
        assert works(a) and works(b)
    finally:
        a.close()
        b.close()


# ---------------------------------------------------------------- client_login_timeout


def test_login_timeout_silent_socket(make_server):
    s = make_server(client_login_timeout=1)
    with s.session() as witness, s.raw() as c:
        t0 = time.monotonic()
        assert c.closed_by_server(6), "a connection that never sent a startup packet was kept"
        assert time.monotonic() - t0 >= 0.8, "closed before the timeout"
        assert works(witness)


def test_login_timeout_during_authentication(make_server):
    s = make_server(client_login_timeout=1, auth_type="scram-sha-256")
    with s.raw() as c:
        c.send(w.startup_packet({"user": "alice", "database": "testdb"}))
        kind, payload = c.recv()
        assert kind == "R" and int.from_bytes(payload[:4], "big") == 10  # SASL, then we go silent
        assert c.closed_by_server(6), "a half-authenticated connection was kept past client_login_timeout"
    with s.session("alice", USERS["alice"]) as c:
        assert works(c)


def test_login_timeout_spares_logged_in_sessions(make_server):
    s = make_server(client_login_timeout=1)
    with s.session() as c:
        time.sleep(2.0)
        assert works(c)


# ---------------------------------------------------------------- idle_transaction_timeout


def test_idle_transaction_timeout(make_server):
    s = make_server(idle_transaction_timeout=1)
    with s.session() as witness, s.session() as c:
        assert c.simple("BEGIN")[1] == "T"
        elapsed, err = expect_fatal(c, "25P03", 6)
        assert elapsed >= 0.8
        assert err["message"] == "terminating connection due to idle-in-transaction timeout"
        assert works(witness)


def test_idle_transaction_timeout_failed_transaction(make_server):
    s = make_server(idle_transaction_timeout=1)
    with s.session() as c:
        c.simple("BEGIN")
        assert c.simple("SELEC")[1] == "E"
        expect_fatal(c, "25P03", 6)


def test_idle_transaction_timeout_spares_idle_and_busy(make_server):
    s = make_server(idle_transaction_timeout=1)
    with s.session() as idle, s.session() as busy:
        assert busy.simple("BEGIN")[1] == "T"
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.5:
            assert works_in_tx(busy)
            time.sleep(0.3)
        assert busy.simple("COMMIT")[1] == "I"
        assert works(idle), "a session idle outside a transaction was closed by idle_transaction_timeout"


def works_in_tx(conn):
    msgs, status = conn.simple("SELECT 1")
    return status == "T" and not any(k == "E" for k, _ in msgs)


def test_idle_transaction_timeout_psycopg(make_server):
    s = make_server(idle_transaction_timeout=1)
    with s.connect() as conn:
        conn.execute("BEGIN")
        time.sleep(2.5)
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT 1")


# ---------------------------------------------------------------- client_idle_timeout


def test_client_idle_timeout(make_server):
    s = make_server(client_idle_timeout=1)
    with s.session() as c:
        elapsed, err = expect_fatal(c, "57P05", 6)
        assert elapsed >= 0.8
        assert err["message"] == "terminating connection due to idle-session timeout"


def test_client_idle_timeout_spares_busy_sessions(make_server):
    s = make_server(client_idle_timeout=1)
    with s.session() as busy:
        t0 = time.monotonic()
        while time.monotonic() - t0 < 2.5:
            assert works(busy)
            time.sleep(0.3)


def test_client_idle_timeout_not_during_a_statement(make_server):
    """A statement running longer than the idle timeout is not idleness."""
    s = make_server(client_idle_timeout=1)
    with s.session() as c:
        msgs, status = c.simple("SELECT pg_sleep(2)", timeout=10)
        assert status == "I" and not any(k == "E" for k, _ in msgs)


def test_timeouts_off_by_default(server):
    with server.session() as c:
        c.simple("BEGIN")
        time.sleep(1.5)
        assert works_in_tx(c)
        c.simple("ROLLBACK")
