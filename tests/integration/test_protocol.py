"""The wire protocol byte by byte, with a raw socket client (pgwire.py).

Startup variants (SSLRequest, GSSENCRequest, NegotiateProtocolVersion, old
and future protocol versions), the extended query protocol message by
message, pipelining and error recovery at Sync, and hostile input: truncated,
malformed, unknown and oversized messages, each of which must cost only the
offending session while every other session keeps working. Expected answers
are PostgreSQL 15's where it has one.
"""

import random
import socket
import struct
import time

import pytest

import pgwire as w

REQUIRED_PARAMETERS = {
    "server_version", "server_encoding", "client_encoding", "DateStyle", "IntervalStyle", "TimeZone",
    "integer_datetimes", "standard_conforming_strings", "application_name", "is_superuser",
    "session_authorization",
}


def kinds(msgs):
    return "".join(k for k, _ in msgs)


def kinds_no_status(msgs):
    """Message types without ParameterStatus, which a server may send at any point."""
    return "".join(k for k, _ in msgs if k != "S")


def errors_in(msgs):
    return [w.parse_error_fields(p) for k, p in msgs if k == "E"]


def one_error(msgs):
    errs = errors_in(msgs)
    assert len(errs) == 1, f"expected exactly one ErrorResponse, got {kinds(msgs)}: {errs}"
    return errs[0]


def rows(msgs):
    return [w.parse_data_row(p) for k, p in msgs if k == "D"]


def tag(msgs):
    tags = [p.rstrip(b"\0").decode() for k, p in msgs if k == "C"]
    return tags[-1] if tags else None


def assert_works(conn):
    """The session answers a query and is idle afterwards."""
    msgs, status = conn.simple("SELECT 1")
    assert rows(msgs) == [[b"1"]], kinds(msgs)
    assert status == "I"


def vm_peak_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmPeak:"):
                return int(line.split()[1])
    return 0


# ---------------------------------------------------------------- startup


@pytest.mark.smoke
def test_startup_trust(server):
    with server.raw() as c:
        c.send(w.startup_packet({"user": "alice", "database": "testdb"}))
        kind, payload = c.recv()
        assert (kind, payload) == ("R", struct.pack("!i", 0)), "expected AuthenticationOk"
        tail = c.read_startup_tail()
        k = kinds(tail)
        assert k[-1] == "Z" and tail[-1][1] == b"I"
        assert k.count("K") == 1, k
        assert set(k) <= set("SKZN"), k
        assert k.index("K") > k.rindex("S"), f"BackendKeyData should follow the ParameterStatus set: {k}"
        missing = REQUIRED_PARAMETERS - set(c.params)
        assert not missing, f"ParameterStatus missing: {missing}"
        assert c.params["session_authorization"] == "alice"
        assert c.pid is not None and c.key is not None
        assert_works(c)


def test_backend_keys_differ(server):
    keys = set()
    for _ in range(5):
        with server.session() as c:
            keys.add((c.pid, c.key))
    assert len(keys) == 5


def test_startup_parameters(server):
    with server.raw() as c:
        c.startup("alice", "testdb", extra={"application_name": "rawapp", "client_encoding": "UTF8"})
        assert c.params["application_name"] == "rawapp"
        assert c.params["client_encoding"] == "UTF8"


def test_startup_without_user(server):
    with server.raw() as c:
        with pytest.raises(w.ServerError) as e:
            c.startup(None, "testdb")
        assert e.value.code == "28000"
        assert e.value.fields["severity"] == "FATAL"
        assert e.value.fields["message"] == "no PostgreSQL user name specified in startup packet"
        assert c.closed_by_server()


def test_ssl_request_prefer(server):
    with server.raw() as c:
        assert c.request_ssl() == "S"
        c.start_tls()
        c.startup("alice", "testdb")
        assert_works(c)


def test_ssl_request_disable(make_server):
    s = make_server(tls_mode="disable", tls_cert_file=None, tls_key_file=None)
    with s.raw() as c:
        assert c.request_ssl() == "N"
        c.startup("alice", "testdb")
        assert_works(c)


def test_gssenc_request(server):
    with server.raw() as c:
        c.send(w.gssenc_request())
        assert c.recv_bytes(1) == b"N"
        c.startup("alice", "testdb")
        assert_works(c)


def test_gssenc_then_ssl_request(server):
    """libpq's order with gssencmode=prefer: GSSENCRequest, then SSLRequest on the same socket."""
    with server.raw() as c:
        c.send(w.gssenc_request())
        assert c.recv_bytes(1) == b"N"
        assert c.request_ssl() == "S"
        c.start_tls()
        c.startup("alice", "testdb")
        assert_works(c)


def test_ssl_request_twice_is_refused(server):
    """After TLS is up, another SSLRequest is a protocol violation, not a second handshake."""
    with server.raw() as c:
        assert c.request_ssl() == "S"
        c.start_tls()
        c.send(w.ssl_request())
        closed = c.closed_by_server(5)
        errs = errors_in(c.pending_messages())
        assert closed or errs, "second SSLRequest neither refused nor closed"
    with server.session() as other:
        assert_works(other)


def _negotiated(c):
    assert c.negotiate is not None, "no NegotiateProtocolVersion"
    newest, unrecognised = c.negotiate
    # the protocol says "newest minor version"; PostgreSQL sends the full 3.0 (196608)
    assert newest in (0, 3 << 16), newest
    return unrecognised


def test_negotiate_newer_minor(server):
    with server.raw() as c:
        c.startup("alice", "testdb", version=(3 << 16) | 1)
        assert _negotiated(c) == []
        assert_works(c)


def test_negotiate_unknown_pq_option(server):
    with server.raw() as c:
        c.startup("alice", "testdb", extra={"_pq_.foo": "1"})
        assert _negotiated(c) == ["_pq_.foo"]
        assert_works(c)


def test_negotiate_both(server):
    with server.raw() as c:
        c.startup("alice", "testdb", version=(3 << 16) | 5, extra={"_pq_.foo": "1", "_pq_.bar": "x"})
        assert sorted(_negotiated(c)) == ["_pq_.bar", "_pq_.foo"]
        assert_works(c)


def test_no_negotiate_for_plain_3_0(server):
    with server.raw() as c:
        c.startup("alice", "testdb")
        assert c.negotiate is None


def test_protocol_2_refused(server):
    with server.raw() as c:
        c.send(w.startup_packet({"user": "alice", "database": "testdb"}, version=2 << 16))
        assert c.closed_by_server(5), "protocol 2.0 connection not closed"
        data = c.buf
        assert data[:1] == b"E", f"no error before closing: {data!r}"
        if data.startswith(b"EFATAL"):  # PostgreSQL answers a 2.0 client in the 2.0 format
            assert b"unsupported frontend protocol" in data
        else:
            f = w.parse_error_fields(c.pending_messages()[0][1])
            assert f["severity"] == "FATAL" and f["code"] in ("0A000", "08P01"), f


def test_protocol_4_refused(server):
    with server.raw() as c:
        with pytest.raises(w.ServerError) as e:
            c.startup("alice", "testdb", version=4 << 16)
        assert e.value.fields["severity"] == "FATAL"
        assert e.value.code == "0A000"
        assert e.value.fields["message"] == "unsupported frontend protocol 4.0: server supports 3.0 to 3.0"
        assert c.closed_by_server()


def test_startup_packet_too_long(server):
    with server.session() as witness, server.raw() as c:
        body = struct.pack("!i", 3 << 16) + b"user\0alice\0database\0testdb\0application_name\0" + b"x" * 19950 + b"\0\0"
        c.send(struct.pack("!i", len(body) + 4) + body)
        assert c.closed_by_server(5), "oversized startup packet accepted"
        for f in errors_in(c.pending_messages()):
            assert f["code"] == "08P01", f
        assert_works(witness)


def test_startup_packet_too_short(server):
    with server.raw() as c:
        c.send(struct.pack("!i", 6) + b"ab")
        assert c.closed_by_server(5)


def test_startup_garbage(server):
    with server.raw() as c:
        c.send(struct.pack("!i", 64) + b"\xde\xad" * 30)
        assert c.closed_by_server(5)
    with server.session() as c:
        assert_works(c)


def test_many_sessions(server):
    conns = [server.session() for _ in range(40)]
    try:
        for c in conns:
            c.send(w.query("SELECT 1"))
        for c in conns:
            msgs = c.recv_until("Z")
            assert rows(msgs) == [[b"1"]]
    finally:
        for c in conns:
            c.close()


# ---------------------------------------------------------------- simple query


def test_simple_query_messages(server):
    with server.session() as c:
        msgs, status = c.simple("SELECT 1 AS one")
        assert kinds(msgs) == "TDCZ" and status == "I"
        (col,) = w.parse_row_description(msgs[0][1])
        assert col["name"] == "one" and col["type_oid"] == 23 and col["format"] == 0
        assert tag(msgs) == "SELECT 1"


def test_simple_query_several_statements(server):
    with server.session() as c:
        msgs, status = c.simple("SELECT 1; SELECT 'a'; SET application_name = 'x'")
        assert kinds_no_status(msgs) == "TDCTDCCZ", kinds(msgs)
        assert "S" in kinds(msgs), "no ParameterStatus for application_name"
        assert rows(msgs) == [[b"1"], [b"a"]]


def test_simple_empty_query(server):
    with server.session() as c:
        for sql in ("", ";", " ; ; "):
            msgs, status = c.simple(sql)
            assert kinds(msgs) == "IZ", (sql, kinds(msgs))


def test_simple_transaction_status(server):
    with server.session() as c:
        assert c.simple("BEGIN")[1] == "T"
        assert c.simple("SELECT 1")[1] == "T"
        msgs, status = c.simple("SELEC")
        assert status == "E" and one_error(msgs)["code"] == "42601"
        msgs, status = c.simple("SELECT 1")
        assert status == "E" and one_error(msgs)["code"] == "25P02"
        assert c.simple("ROLLBACK")[1] == "I"


def test_error_fields(server):
    with server.session() as c:
        msgs, _ = c.simple("SELECT 1 FROM WHERE")
        f = one_error(msgs)
        assert f["severity"] == "ERROR" and f["severity_localized"] == "ERROR"
        assert f["code"] == "42601" and f["position"] == "15"
        assert f["message"] == 'syntax error at or near "WHERE"'


# ---------------------------------------------------------------- extended query


@pytest.mark.smoke
def test_extended_full_cycle(server):
    with server.session() as c:
        c.send(
            w.parse("s1", "SELECT $1::int4 AS a, $2::text AS b", [23, 25])
            + w.describe("S", "s1")
            + w.bind("p1", "s1", [b"42", b"hi"], [], [1, 0])
            + w.describe("P", "p1")
            + w.execute("p1")
            + w.sync()
        )
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "1tT2TDCZ", kinds(msgs)
        assert w.parse_parameter_description(msgs[1][1]) == [23, 25]
        stmt_cols = w.parse_row_description(msgs[2][1])
        assert [(x["name"], x["type_oid"], x["format"]) for x in stmt_cols] == [("a", 23, 0), ("b", 25, 0)]
        portal_cols = w.parse_row_description(msgs[4][1])
        assert [x["format"] for x in portal_cols] == [1, 0]
        assert rows(msgs) == [[struct.pack("!i", 42), b"hi"]]
        assert tag(msgs) == "SELECT 1"
        assert msgs[-1][1] == b"I"


def test_extended_binary_parameters(server):
    with server.session() as c:
        c.send(
            w.parse("", "SELECT $1::int8, $2::bytea, $3::bool", [20, 17, 16])
            + w.bind("", "", [struct.pack("!q", -5), b"\x00\xff", b"\x01"], [1], [1])
            + w.execute("")
            + w.sync()
        )
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "12DCZ", kinds(msgs)
        assert rows(msgs) == [[struct.pack("!q", -5), b"\x00\xff", b"\x01"]]


def test_parameter_types_inferred(server):
    with server.session() as c:
        c.send(w.parse("", "SELECT $1::int4, $2::text") + w.describe("S", "") + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "1tTZ", kinds(msgs)
        assert w.parse_parameter_description(msgs[1][1]) == [23, 25]


def test_describe_statement_without_rows(server):
    with server.session() as c:
        c.send(w.parse("", "SET application_name = 'x'") + w.describe("S", "") + w.bind("", "")
               + w.describe("P", "") + w.execute("") + w.sync())
        msgs = c.recv_until("Z")
        assert kinds_no_status(msgs) == "1tn2nCZ", kinds(msgs)
        assert tag(msgs) == "SET"


def test_extended_empty_query(server):
    with server.session() as c:
        c.send(w.parse("", "") + w.bind("", "") + w.describe("P", "") + w.execute("") + w.sync())
        assert kinds(c.recv_until("Z")) == "12nIZ"


def test_extended_multiple_commands_refused(server):
    with server.session() as c:
        c.send(w.parse("", "SELECT 1; SELECT 2") + w.sync())
        msgs = c.recv_until("Z")
        f = one_error(msgs)
        assert f["code"] == "42601"
        assert f["message"] == "cannot insert multiple commands into a prepared statement"


def test_execute_row_limit_one_row(server):
    """max_rows=1 on a one-row result: DataRow, then CommandComplete, or (as PostgreSQL 15 does)
    PortalSuspended and, on the next Execute, CommandComplete 'SELECT 0'."""
    with server.session() as c:
        c.send(w.parse("", "SELECT 1") + w.bind("", "") + w.execute("", 1) + w.flush())
        first = c.recv_until("sCE")
        assert kinds(first) in ("12Ds", "12DC"), kinds(first)
        assert rows(first) == [[b"1"]]
        if kinds(first).endswith("s"):
            c.send(w.execute("", 1) + w.sync())
            rest = c.recv_until("Z")
            assert kinds(rest) == "CZ" and tag(rest) == "SELECT 0", kinds(rest)
        else:
            assert tag(first) == "SELECT 1"
            c.send(w.sync())
            assert kinds(c.recv_until("Z")) == "Z"
        c.send(w.parse("", "SELECT 1") + w.bind("", "") + w.execute("", 2) + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "12DCZ" and tag(msgs) == "SELECT 1"


MULTI_ROW_CANDIDATES = ["VALUES (1), (2), (3)", "SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3", "SHOW ALL"]


def test_portal_suspended(server):
    """Execute with a row limit on a multi-row result: PortalSuspended, then the rest."""
    with server.session() as c:
        sql = None
        for cand in MULTI_ROW_CANDIDATES:
            msgs, _ = c.simple(cand)
            if not errors_in(msgs) and len(rows(msgs)) >= 3:
                sql, total = cand, len(rows(msgs))
                break
        assert sql, f"none of {MULTI_ROW_CANDIDATES} returns rows, so PortalSuspended cannot be tested"
        c.send(w.parse("", sql) + w.bind("p", "") + w.execute("p", 2) + w.flush())
        first = c.recv_until("sCE")
        assert kinds(first) == "12DDs", kinds(first)
        c.send(w.execute("p", 0) + w.sync())
        rest = c.recv_until("Z")
        assert kinds(rest) == "D" * (total - 2) + "CZ", kinds(rest)


def test_close_statement_and_portal(server):
    with server.session() as c:
        c.send(w.parse("s1", "SELECT 1") + w.bind("p1", "s1") + w.close("P", "p1") + w.close("S", "s1")
               + w.close("S", "nosuch") + w.close("P", "nosuch") + w.sync())
        assert kinds(c.recv_until("Z")) == "123333Z"
        c.send(w.bind("", "s1") + w.sync())
        f = one_error(c.recv_until("Z"))
        assert f["code"] == "26000" and f["message"] == 'prepared statement "s1" does not exist'
        c.send(w.execute("p1") + w.sync())
        f = one_error(c.recv_until("Z"))
        assert f["code"] == "34000" and f["message"] == 'portal "p1" does not exist'


def test_duplicate_named_statement(server):
    with server.session() as c:
        c.send(w.parse("s1", "SELECT 1") + w.parse("s1", "SELECT 2") + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "1EZ"
        f = one_error(msgs)
        assert f["code"] == "42P05" and f["message"] == 'prepared statement "s1" already exists'


def test_unnamed_statement_is_replaced(server):
    with server.session() as c:
        c.send(w.parse("", "SELECT 1") + w.parse("", "SELECT 2") + w.bind("", "") + w.execute("") + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "112DCZ"
        assert rows(msgs) == [[b"2"]]


def test_named_statement_survives_sync(server):
    with server.session() as c:
        c.send(w.parse("keep", "SELECT $1::text", [25]) + w.sync())
        assert kinds(c.recv_until("Z")) == "1Z"
        for i in range(3):
            c.send(w.bind("", "keep", [str(i).encode()]) + w.execute("") + w.sync())
            msgs = c.recv_until("Z")
            assert rows(msgs) == [[str(i).encode()]]


def test_portal_dies_at_end_of_implicit_transaction(server):
    with server.session() as c:
        c.send(w.parse("", "SELECT 1") + w.bind("p1", "") + w.sync())
        assert kinds(c.recv_until("Z")) == "12Z"
        c.send(w.execute("p1") + w.sync())
        assert one_error(c.recv_until("Z"))["code"] == "34000"


def test_portal_lives_until_commit(server):
    with server.session() as c:
        assert c.simple("BEGIN")[1] == "T"
        c.send(w.parse("", "SELECT 1") + w.bind("p1", "") + w.sync())
        assert kinds(c.recv_until("Z")) == "12Z"
        c.send(w.execute("p1") + w.sync())
        msgs = c.recv_until("Z")
        assert rows(msgs) == [[b"1"]] and msgs[-1][1] == b"T"
        assert c.simple("COMMIT")[1] == "I"
        c.send(w.execute("p1") + w.sync())
        assert one_error(c.recv_until("Z"))["code"] == "34000"


def test_flush(server):
    with server.session() as c:
        c.send(w.parse("", "SELECT 7") + w.bind("", "") + w.describe("P", "") + w.flush())
        msgs = [c.recv(5), c.recv(5), c.recv(5)]
        assert kinds(msgs) == "12T"
        c.send(w.execute("") + w.flush())
        assert kinds([c.recv(5), c.recv(5)]) == "DC"
        c.send(w.sync())
        assert kinds(c.recv_until("Z")) == "Z"


def test_nothing_before_sync_or_flush_is_required(server):
    """Without Sync or Flush the server may buffer; after Sync everything arrives in order."""
    with server.session() as c:
        c.send(w.parse("", "SELECT 1") + w.bind("", "") + w.execute(""))
        time.sleep(0.2)
        c.send(w.sync())
        assert kinds(c.recv_until("Z")) == "12DCZ"


def test_pipelining(server):
    with server.session() as c:
        batch = b""
        for i in range(20):
            batch += w.parse("", f"SELECT {i}") + w.bind("", "") + w.execute("")
        c.send(batch + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "12DC" * 20 + "Z"
        assert rows(msgs) == [[str(i).encode()] for i in range(20)]


def test_pipelined_syncs(server):
    with server.session() as c:
        c.send((w.parse("", "SELECT 1") + w.bind("", "") + w.execute("") + w.sync()) * 5)
        for _ in range(5):
            assert kinds(c.recv_until("Z")) == "12DCZ"


def test_error_skips_to_sync(server):
    with server.session() as c:
        ok = w.parse("", "SELECT 1") + w.bind("", "") + w.execute("")
        c.send(ok + w.parse("", "SELEC") + w.bind("", "") + w.execute("") + ok + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "12DCEZ", kinds(msgs)
        assert one_error(msgs)["code"] == "42601"
        assert msgs[-1][1] == b"I"
        c.send(ok + w.sync())
        assert kinds(c.recv_until("Z")) == "12DCZ"


def test_error_skips_to_sync_in_transaction(server):
    with server.session() as c:
        assert c.simple("BEGIN")[1] == "T"
        c.send(w.parse("", "SELEC") + w.bind("", "") + w.execute("") + w.sync())
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "EZ" and msgs[-1][1] == b"E"
        c.send(w.parse("", "SELECT 1") + w.sync())
        msgs = c.recv_until("Z")
        assert one_error(msgs)["code"] == "25P02" and msgs[-1][1] == b"E"
        assert c.simple("ROLLBACK")[1] == "I"


def test_bind_errors_are_recoverable(server):
    cases = [
        (w.parse("", "SELECT $1::int4") + w.bind("", "", [b"1", b"2"]), {"08P01"}),  # count mismatch
        (w.parse("", "SELECT $1::int4") + w.bind("", "", [b"1"], [0, 0]), {"08P01"}),  # formats vs params
        (w.parse("", "SELECT 1, 2") + w.bind("", "", [], [], [0, 0, 0]), {"08P01"}),  # result formats
        (w.parse("", "SELECT $1::int4", [23]) + w.bind("", "", [b"\0\0\0\1\0"], [1]), {"22P03", "08P01"}),
        (w.parse("", "SELECT $1::int4", [23]) + w.bind("", "", [b"\0\0\1"], [1]), {"22P03", "08P01"}),
        (w.parse("", "SELECT $1::int4", [23]) + w.bind("", "", [b"1x"]), {"22P02"}),
        (w.parse("", "SELECT $1::int4") + w.bind("", "", [b"1"], [2]), {"22023", "08P01"}),  # format code 2
        (w.bind("", "nosuch"), {"26000"}),
        (w.execute("nosuch"), {"34000"}),
    ]
    with server.session() as c:
        for data, codes in cases:
            c.send(data + w.execute("") + w.sync())
            msgs = c.recv_until("Z")
            f = one_error(msgs)
            assert f["code"] in codes, (data, f)
            assert_works(c)


def test_terminate(server):
    with server.session() as c:
        c.send(w.terminate())
        assert c.closed_by_server(5)
        assert c.buf == b""


def test_function_call_not_supported(server):
    with server.session() as c:
        c.send(w.function_call(1234, [b"x"]))  # FunctionCall ends with its own ReadyForQuery
        msgs = c.recv_until("Z")
        assert kinds(msgs) == "EZ", kinds(msgs)
        assert errors_in(msgs)[0]["code"] == "0A000", msgs
        assert_works(c)


def test_copy_refused(server):
    """COPY with the server's files or programs (42501, as for a non-superuser) or in binary (0A000)."""
    with server.session() as c:
        for sql, code in (("COPY t TO '/tmp/x'", "42501"), ("COPY t FROM PROGRAM 'cat'", "42501"),
                          ("COPY (SELECT 1) TO STDOUT (FORMAT binary)", "0A000")):
            msgs, status = c.simple(sql)
            assert one_error(msgs)["code"] == code
            assert status == "I"
        assert_works(c)


# ---------------------------------------------------------------- hostile input

# (name, bytes sent after a completed startup); each must produce an ErrorResponse (08P01, or 54000
# where the garbage declares a length over max_message_size) and/or the close of that session,
# never a crash or a hang.
MALFORMED = [
    ("length_below_4", b"Q" + struct.pack("!i", 3)),
    ("negative_length", b"Q" + struct.pack("!i", -10)),
    ("unknown_type", w.msg("Y", b"abc")),
    ("nul_type", w.msg("\0", b"abc")),
    ("query_without_nul", w.msg("Q", b"SELECT 1")),
    ("parse_without_nul", w.msg("P", b"stmt\0SELECT 1")),
    ("parse_negative_param_count", w.msg("P", b"\0SELECT 1\0" + struct.pack("!h", -1))),
    ("parse_param_count_too_big", w.msg("P", b"\0SELECT 1\0" + struct.pack("!h", 1000) + b"\0\0\0\x17")),
    ("bind_negative_value_length", w.parse("", "SELECT $1::text") + w.msg("B", b"\0\0" + struct.pack("!hhi", 0, 1, -5))),
    ("bind_value_longer_than_message", w.parse("", "SELECT $1::text") + w.msg("B", b"\0\0" + struct.pack("!hhi", 0, 1, 1000) + b"abc")),
    ("bind_trailing_bytes", w.parse("", "SELECT 1") + w.msg("B", b"\0\0" + struct.pack("!hhh", 0, 0, 0) + b"junk")),
    ("bind_truncated", w.parse("", "SELECT $1::text") + w.msg("B", b"\0\0" + struct.pack("!h", 5))),
    ("describe_bad_kind", w.msg("D", b"Xfoo\0")),
    ("describe_empty", w.msg("D", b"")),
    ("close_bad_kind", w.msg("C", b"Xfoo\0")),
    ("execute_truncated", w.msg("E", b"p\0")),
    ("sync_with_payload", w.msg("S", b"xyz")),
    ("function_call_truncated", w.msg("F", b"\0\0")),  # 0A000 too: FunctionCall is refused unparsed
    ("password_after_login", w.msg("p", b"secret\0")),
    ("random_bytes", b"\xff" + random.Random(7).randbytes(199)),
]


@pytest.mark.parametrize("data", [m[1] for m in MALFORMED], ids=[m[0] for m in MALFORMED])
def test_malformed_message(server, data):
    with server.session() as witness, server.session() as c:
        c.send(data + w.sync())
        msgs, closed = c.drain(5)
        errs = errors_in(msgs)
        assert closed or errs, f"no error and no close; got {kinds(msgs)!r}"
        allowed = {"08P01", "54000"} | ({"0A000"} if data[:1] == b"F" else set())
        for f in errs:
            assert f["code"] in allowed, f
        if not closed:
            # the session survived: it must be back at a Sync boundary and usable (a stray
            # ReadyForQuery of our extra Sync may still be on its way)
            assert kinds(msgs).endswith("Z"), kinds(msgs)
            c.send(w.query("SELECT 1"))
            seen = ""
            while not seen.endswith("DCZ"):
                seen += c.recv()[0]
                assert "E" not in seen, seen
        assert_works(witness)
    assert server.alive()


def test_truncated_message_then_eof(server):
    with server.session() as witness:
        with server.session() as c:
            c.send(b"Q" + struct.pack("!i", 100) + b"SELECT")
            c.sock.shutdown(socket.SHUT_WR)
            assert c.closed_by_server(5)
        assert_works(witness)


def test_oversized_declared_length(make_server):
    """A message declaring more than max_message_size: that session is closed (an ErrorResponse first
    is optional), without the server reserving the declared size; others unaffected."""
    s = make_server(max_message_size=65536)
    with s.session() as witness:
        # a message just under the limit is fine
        big = "x" * 60000
        msgs, _ = witness.simple(f"SELECT '{big}'")
        assert rows(msgs) == [[big.encode()]]
        before = vm_peak_kb(s.pid)
        for declared in (65536 + 100, 0x7FFFFFFF):
            with s.session() as c:
                c.send(b"Q" + struct.pack("!i", declared) + b"SELECT 1")
                assert c.closed_by_server(5), f"session with declared length {declared} not closed"
                for f in errors_in(c.pending_messages()):
                    assert f["code"] in ("08P01", "54000"), f
        after = vm_peak_kb(s.pid)
        assert after - before < 256 * 1024, f"VmPeak grew by {after - before} kB: the declared size was reserved"
        assert_works(witness)


def test_oversized_with_body(make_server):
    s = make_server(max_message_size=65536)
    with s.session() as witness, s.session() as c:
        c.send(w.query("SELECT '" + "y" * 70000 + "'"))
        assert c.closed_by_server(5)
        assert_works(witness)


def test_huge_declared_length_default_config(server):
    with server.session() as witness, server.session() as c:
        before = vm_peak_kb(server.pid)
        c.send(b"P" + struct.pack("!i", 0x7FFFFFFF))
        assert c.closed_by_server(5)
        assert vm_peak_kb(server.pid) - before < 256 * 1024
        assert_works(witness)


def test_slow_client_bytewise(server):
    """A message trickling in one byte at a time is reassembled."""
    with server.session() as c:
        data = w.query("SELECT 42")
        for b in data:
            c.send(bytes([b]))
            time.sleep(0.002)
        msgs = c.recv_until("Z")
        assert rows(msgs) == [[b"42"]]


def test_client_vanishes_mid_query(server):
    """A client that disconnects while its pg_sleep runs must not disturb the server."""
    c = server.session()
    c.send(w.query("SELECT pg_sleep(1)"))
    time.sleep(0.1)
    c.close()
    with server.session() as other:
        assert_works(other)
    time.sleep(1.2)
    with server.session() as other:
        assert_works(other)
