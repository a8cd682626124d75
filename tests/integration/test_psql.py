"""psql (libpq 15) against ormgate: transports, TLS modes and every auth_type.

Connection failures are checked twice where it matters: psql's message (what
a user sees) and the SQLSTATE on the wire (raw client), since libpq does not
expose the SQLSTATE of a failed connection.
"""

import os

import pytest

import pgwire
from conftest import USERS, Server, finish_server


def ok(r):
    assert r.returncode == 0, f"psql failed (exit {r.returncode}):\nstdout: {r.stdout}\nstderr: {r.stderr}"
    return r.stdout


def fails(r, *needles):
    assert r.returncode != 0, f"psql unexpectedly succeeded:\n{r.stdout}"
    for n in needles:
        assert n in r.stderr, f"expected {n!r} in psql's error:\n{r.stderr}"
    return r.stderr


def wire_auth_error(server, user, password, tls=False):
    """Authenticate with the raw client and return the ErrorResponse fields (fails if login succeeds)."""
    with server.raw() as c:
        if tls:
            assert c.request_ssl() == "S"
            c.start_tls()
        with pytest.raises(pgwire.ServerError) as e:
            c.startup(user, "testdb", password)
        return e.value.fields


# ---------------------------------------------------------------- transports


@pytest.mark.smoke
def test_tcp(server):
    out = ok(server.psql("SELECT version()", sslmode="disable"))
    assert "PostgreSQL 15" in out and "ormgate" in out


@pytest.mark.smoke
def test_unix_socket(server):
    assert os.path.exists(server.socket_path), f"no socket at {server.socket_path}"
    out = ok(server.psql("SELECT version()", host=server.sockdir))
    assert "ormgate" in out
    info = ok(server.psql(r"\conninfo", host=server.sockdir))
    assert "via socket" in info and "SSL" not in info


def test_unix_socket_wire(server):
    """The raw client over the unix socket: startup completes and a query answers."""
    with server.raw(unix=True) as c:
        c.startup("alice", "testdb")
        assert c.txn_status == "I"
        assert c.query_rows("SELECT 1") == [["1"]]


def test_no_unix_socket_when_empty(make_server):
    s = make_server(unix_socket_dir="")
    assert not os.listdir(s.sockdir), f"socket files created although unix_socket_dir is empty: {os.listdir(s.sockdir)}"
    ok(s.psql("SELECT 1", sslmode="disable"))


# ---------------------------------------------------------------- TLS


@pytest.mark.smoke
def test_tls_require(server):
    info = ok(server.psql(r"\conninfo", sslmode="require"))
    assert "SSL connection" in info, info
    assert "TLSv1.2" in info or "TLSv1.3" in info, info


def test_tls_prefer_uses_tls(server):
    assert "SSL connection" in ok(server.psql(r"\conninfo", sslmode="prefer"))


def test_tls_disable_plaintext(server):
    info = ok(server.psql(r"\conninfo", sslmode="disable"))
    assert "SSL" not in info


def test_tls_mode_disable_refuses_sslmode_require(make_server):
    s = make_server(tls_mode="disable", tls_cert_file=None, tls_key_file=None)
    fails(s.psql("SELECT 1", sslmode="require"), "server does not support SSL")
    ok(s.psql("SELECT 1", sslmode="prefer"))
    with s.raw() as c:
        assert c.request_ssl() == "N"


def test_tls_mode_require_refuses_plaintext(make_server):
    s = make_server(tls_mode="require")
    fails(s.psql("SELECT 1", sslmode="disable"))
    assert "SSL connection" in ok(s.psql(r"\conninfo", sslmode="require"))
    # the refusal is an ErrorResponse, not just a dropped socket
    with s.raw() as c:
        with pytest.raises(pgwire.ServerError) as e:
            c.startup("alice", "testdb")
        assert e.value.fields.get("severity") == "FATAL"


def test_tls_mode_allow_serves_both(make_server):
    s = make_server(tls_mode="allow")
    assert "SSL" not in ok(s.psql(r"\conninfo", sslmode="disable"))
    assert "SSL connection" in ok(s.psql(r"\conninfo", sslmode="require"))


def test_tls_bad_handshake_does_not_hurt_others(server):
    """A client that says SSLRequest and then sends garbage instead of a ClientHello."""
    with server.raw() as bad:
        assert bad.request_ssl() == "S"
        bad.send(b"this is not TLS" * 100)
        assert bad.closed_by_server(5)
    ok(server.psql("SELECT 1", sslmode="require"))


# ---------------------------------------------------------------- scram-sha-256


@pytest.fixture(scope="module")
def scram_server(tmp_path_factory, tls_files):
    s = Server(tmp_path_factory.mktemp("scram"), *tls_files, auth_type="scram-sha-256")
    s.start()
    yield s
    finish_server(s)


@pytest.mark.smoke
def test_scram_password_ok(scram_server):
    ok(scram_server.psql("SELECT 1", user="alice", password=USERS["alice"], sslmode="disable"))


def test_scram_wrong_password(scram_server):
    fails(
        scram_server.psql("SELECT 1", user="alice", password="wrong", sslmode="disable"),
        'password authentication failed for user "alice"',
    )
    f = wire_auth_error(scram_server, "alice", "wrong")
    assert f["code"] == "28P01" and f["severity"] == "FATAL", f


def test_scram_unknown_user(scram_server):
    """PostgreSQL does not reveal whether the user exists: same 28P01 as a wrong password."""
    fails(scram_server.psql("SELECT 1", user="mallory", password="x", sslmode="disable"),
          "password authentication failed")
    assert wire_auth_error(scram_server, "mallory", "x")["code"] == "28P01"


def test_scram_verifier_in_userlist(scram_server):
    ok(scram_server.psql("SELECT 1", user="carol", password=USERS["carol"], sslmode="disable"))
    fails(scram_server.psql("SELECT 1", user="carol", password="secret", sslmode="disable"),
          'password authentication failed for user "carol"')


def test_scram_md5_stored_user_cannot_login(scram_server):
    """An md5 hash cannot answer a SCRAM exchange (PostgreSQL refuses it too)."""
    fails(scram_server.psql("SELECT 1", user="bob", password=USERS["bob"], sslmode="disable"))


def test_scram_offers_mechanisms(scram_server):
    """Without TLS only SCRAM-SHA-256; over TLS also SCRAM-SHA-256-PLUS."""
    with scram_server.raw() as c:
        c.startup("alice", "testdb", USERS["alice"])
        assert c.sasl_mechanisms == ["SCRAM-SHA-256"]
    with scram_server.raw() as c:
        assert c.request_ssl() == "S"
        c.start_tls()
        c.startup("alice", "testdb", USERS["alice"], channel_binding=False)
        assert "SCRAM-SHA-256-PLUS" in c.sasl_mechanisms and "SCRAM-SHA-256" in c.sasl_mechanisms


def test_scram_channel_binding_psql(scram_server):
    for user in ("alice", "carol"):
        ok(scram_server.psql("SELECT 1", user=user, password=USERS[user], sslmode="require",
                             channel_binding="require"))


def test_scram_channel_binding_wire(scram_server):
    """SCRAM-SHA-256-PLUS with tls-server-end-point, verified by our own client (server signature checked)."""
    with scram_server.raw() as c:
        assert c.request_ssl() == "S"
        c.start_tls()
        c.startup("carol", "testdb", USERS["carol"], channel_binding=True)
        assert c.query_rows("SELECT 1") == [["1"]]


def test_scram_plus_with_wrong_binding_data(scram_server):
    """A -PLUS exchange whose binding data is not this server's certificate hash must fail."""
    with scram_server.raw() as c:
        assert c.request_ssl() == "S"
        c.start_tls()
        c.user_for_md5 = "alice"
        c.send(pgwire.startup_packet({"user": "alice", "database": "testdb"}))
        kind, payload = c.recv()
        assert kind == "R"
        client = pgwire.ScramClient(USERS["alice"], cbind_data=b"\0" * 32)
        first = client.first()
        c.send(pgwire.msg("p", pgwire.cstr("SCRAM-SHA-256-PLUS") + len(first).to_bytes(4, "big") + first))
        kind, payload = c.recv()
        assert kind == "R" and int.from_bytes(payload[:4], "big") == 11
        c.send(pgwire.msg("p", client.final(payload[4:])))
        kind, payload = c.recv()
        assert kind == "E", f"login succeeded with forged channel binding ({kind!r})"
        # PostgreSQL: 08P01 "SCRAM channel binding check failed"; any authentication failure will do
        assert pgwire.parse_error_fields(payload)["code"] in ("28P01", "08P01", "28000")


def test_scram_bad_client_proof_message(scram_server):
    """Garbage instead of a client-final-message: an error, not a crash; others unaffected."""
    with scram_server.raw() as c:
        c.send(pgwire.startup_packet({"user": "alice", "database": "testdb"}))
        kind, payload = c.recv()
        assert kind == "R"
        client = pgwire.ScramClient(USERS["alice"])
        first = client.first()
        c.send(pgwire.msg("p", pgwire.cstr("SCRAM-SHA-256") + len(first).to_bytes(4, "big") + first))
        kind, payload = c.recv()
        assert kind == "R"
        c.send(pgwire.msg("p", b"c=biws,r=nonsense,p=AAAA"))
        kind, payload = c.recv()
        assert kind == "E"
        assert pgwire.parse_error_fields(payload)["code"] in ("28P01", "08P01")
    ok(scram_server.psql("SELECT 1", user="alice", password=USERS["alice"], sslmode="disable"))


# ---------------------------------------------------------------- md5


def test_md5(make_server):
    s = make_server(auth_type="md5")
    ok(s.psql("SELECT 1", user="alice", password=USERS["alice"], sslmode="disable"))  # plain stored
    ok(s.psql("SELECT 1", user="bob", password=USERS["bob"], sslmode="disable"))  # md5 stored
    fails(s.psql("SELECT 1", user="bob", password="nope", sslmode="disable"),
          'password authentication failed for user "bob"')
    assert wire_auth_error(s, "bob", "nope")["code"] == "28P01"
    assert wire_auth_error(s, "alice", "nope")["code"] == "28P01"


def test_md5_with_scram_verifier_uses_scram(make_server):
    """PostgreSQL answers an md5 login of a SCRAM-stored user with SCRAM; libpq follows."""
    s = make_server(auth_type="md5")
    ok(s.psql("SELECT 1", user="carol", password=USERS["carol"], sslmode="disable"))


# ---------------------------------------------------------------- plain (cleartext)


def test_plain_only_over_tls(make_server):
    s = make_server(auth_type="plain")
    ok(s.psql("SELECT 1", user="alice", password=USERS["alice"], sslmode="require"))
    ok(s.psql("SELECT 1", user="bob", password=USERS["bob"], sslmode="require"))
    fails(s.psql("SELECT 1", user="alice", password="wrong", sslmode="require"),
          'password authentication failed for user "alice"')
    # without TLS the password must never be asked for in clear
    fails(s.psql("SELECT 1", user="alice", password=USERS["alice"], sslmode="disable"))
    with s.raw() as c:
        c.send(pgwire.startup_packet({"user": "alice", "database": "testdb"}))
        kind, payload = c.recv()
        if kind == "R":
            code = int.from_bytes(payload[:4], "big")
            assert code != 3, "server asked for a cleartext password over an unencrypted connection"
        else:
            assert kind == "E"


def test_plain_wire_code(make_server):
    s = make_server(auth_type="plain")
    assert wire_auth_error(s, "alice", "wrong", tls=True)["code"] == "28P01"


# ---------------------------------------------------------------- trust


def test_trust_needs_no_password(server):
    ok(server.psql("SELECT 1", user="alice", sslmode="disable"))
    ok(server.psql("SELECT 1", user="carol", sslmode="require"))
