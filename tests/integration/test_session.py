"""psycopg 3 (Debian's python3-psycopg) against ormgate: what the server answers itself.

Session parameters (SET / SHOW / RESET and ParameterStatus), transaction
control and status, errors with their SQLSTATE and position, parse-depth
limits, SELECT of constants and parameters without FROM (every value type, in
text and binary, through the extended protocol), pg_sleep and cancellation.
Expected values and messages are PostgreSQL 15's own.
"""

import datetime as dt
import math
import threading
import time
import uuid
from decimal import Decimal

import psycopg
import pytest
from psycopg import errors
from psycopg.pq import ExecStatus, TransactionStatus
from psycopg.types.json import Json, Jsonb
from psycopg.types.numeric import Float4, Float8, Int2, Int4, Int8

import pgwire


# ---------------------------------------------------------------- parameter status


@pytest.mark.smoke
def test_initial_parameter_status(server):
    with server.connect(application_name="pytest-app", sslmode="disable") as conn:
        ps = conn.info.parameter_status
        assert ps("server_version").startswith("15"), ps("server_version")
        assert 150000 <= conn.info.server_version < 160000
        assert ps("server_encoding") == "UTF8"
        assert ps("client_encoding") == "UTF8"
        assert ps("DateStyle") == "ISO, MDY"
        assert ps("integer_datetimes") == "on"
        assert ps("standard_conforming_strings") == "on"
        assert ps("IntervalStyle") == "postgres"
        assert ps("TimeZone"), "TimeZone is empty"
        assert ps("is_superuser") in ("on", "off")
        assert ps("session_authorization") == "alice"
        assert ps("application_name") == "pytest-app"


def test_application_name_defaults_to_empty(server):
    with server.connect() as conn:
        assert conn.info.parameter_status("application_name") == ""


def test_set_application_name_reports_parameter_status(server):
    with server.connect() as conn:
        conn.execute("SET application_name = 'foo'")
        assert conn.info.parameter_status("application_name") == "foo"
        assert conn.execute("SHOW application_name").fetchone() == ("foo",)
        conn.execute("SET application_name TO 'bar'")
        assert conn.info.parameter_status("application_name") == "bar"
        conn.execute("SET SESSION application_name = baz")
        assert conn.execute("SHOW application_name").fetchone() == ("baz",)


def test_show_column_name(server):
    with server.connect() as conn:
        cur = conn.execute("SHOW application_name")
        assert cur.description[0].name == "application_name"
        assert cur.description[0].type_code == 25
        assert cur.statusmessage == "SHOW"


def test_set_timezone_and_datestyle(server):
    with server.connect() as conn:
        conn.execute("SET TIME ZONE 'UTC'")
        assert conn.info.parameter_status("TimeZone") == "UTC"
        assert conn.execute("SHOW timezone").fetchone() == ("UTC",)
        conn.execute("SET datestyle = 'ISO, DMY'")
        assert conn.info.parameter_status("DateStyle") == "ISO, DMY"
        assert conn.execute("SHOW DateStyle").fetchone() == ("ISO, DMY",)


def test_show_is_case_insensitive(server):
    with server.connect() as conn:
        assert conn.execute("SHOW DATESTYLE").fetchone() == ("ISO, MDY",)
        assert conn.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_set_common_client_parameters(server):
    """Parameters that drivers set at connect (JDBC, node-postgres, ORMs)."""
    with server.connect() as conn:
        conn.execute("SET extra_float_digits = 3")
        assert conn.execute("SHOW extra_float_digits").fetchone() == ("3",)
        conn.execute("SET search_path = a, b")
        assert conn.execute("SHOW search_path").fetchone() == ("a, b",)
        conn.execute("SET statement_timeout = 0")
        conn.execute("SET client_min_messages = warning")
        assert conn.execute("SHOW client_min_messages").fetchone() == ("warning",)


def test_custom_placeholder_parameter(server):
    with server.connect() as conn:
        conn.execute("SET my.var = 'hello'")
        assert conn.execute("SHOW my.var").fetchone() == ("hello",)
        conn.execute("RESET my.var")
        assert conn.execute("SHOW my.var").fetchone() == ("",)


def test_show_unknown_parameter(server):
    with server.connect() as conn:
        with pytest.raises(errors.UndefinedObject) as e:
            conn.execute("SHOW nosuch_parameter")
        assert e.value.sqlstate == "42704"
        assert e.value.diag.message_primary == 'unrecognized configuration parameter "nosuch_parameter"'
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_set_unknown_parameter(server):
    with server.connect() as conn:
        with pytest.raises(errors.UndefinedObject):
            conn.execute("SET nosuch_parameter = 1")


def test_reset_returns_to_startup_value(server):
    with server.connect(application_name="start") as conn:
        conn.execute("SET application_name = 'changed'")
        conn.execute("RESET application_name")
        assert conn.info.parameter_status("application_name") == "start"
        assert conn.execute("SHOW application_name").fetchone() == ("start",)
        conn.execute("SET application_name = 'again'")
        conn.execute("SET TIME ZONE 'Asia/Tokyo'")
        conn.execute("RESET ALL")
        assert conn.info.parameter_status("application_name") == "start"
        assert conn.execute("SHOW application_name").fetchone() == ("start",)


def test_set_rolled_back_with_transaction(server):
    with server.connect() as conn:
        conn.execute("SET application_name = 'before'")
        conn.execute("BEGIN")
        conn.execute("SET application_name = 'inside'")
        assert conn.execute("SHOW application_name").fetchone() == ("inside",)
        conn.execute("ROLLBACK")
        assert conn.execute("SHOW application_name").fetchone() == ("before",)
        assert conn.info.parameter_status("application_name") == "before"


def test_set_local_ends_with_transaction(server):
    with server.connect() as conn:
        conn.execute("SET application_name = 'session'")
        conn.execute("BEGIN")
        conn.execute("SET LOCAL application_name = 'local'")
        assert conn.execute("SHOW application_name").fetchone() == ("local",)
        conn.execute("COMMIT")
        assert conn.execute("SHOW application_name").fetchone() == ("session",)


# ---------------------------------------------------------------- transactions


@pytest.mark.smoke
def test_transaction_status(server):
    with server.connect() as conn:
        assert conn.info.transaction_status == TransactionStatus.IDLE
        cur = conn.execute("BEGIN")
        assert cur.statusmessage == "BEGIN"
        assert conn.info.transaction_status == TransactionStatus.INTRANS
        assert conn.execute("COMMIT").statusmessage == "COMMIT"
        assert conn.info.transaction_status == TransactionStatus.IDLE
        conn.execute("START TRANSACTION")
        assert conn.info.transaction_status == TransactionStatus.INTRANS
        assert conn.execute("ROLLBACK").statusmessage == "ROLLBACK"
        assert conn.info.transaction_status == TransactionStatus.IDLE


def test_failed_transaction_until_rollback(server):
    with server.connect() as conn:
        conn.execute("BEGIN")
        with pytest.raises(errors.SyntaxError):
            conn.execute("SELEC 1")
        assert conn.info.transaction_status == TransactionStatus.INERROR
        for _ in range(3):
            with pytest.raises(errors.InFailedSqlTransaction) as e:
                conn.execute("SELECT 1")
            assert e.value.sqlstate == "25P02"
            assert e.value.diag.message_primary == (
                "current transaction is aborted, commands ignored until end of transaction block")
            assert conn.info.transaction_status == TransactionStatus.INERROR
        with pytest.raises(errors.InFailedSqlTransaction):
            conn.execute("SHOW application_name")
        conn.execute("ROLLBACK")
        assert conn.info.transaction_status == TransactionStatus.IDLE
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_commit_of_failed_transaction_rolls_back(server):
    with server.connect() as conn:
        conn.execute("BEGIN")
        with pytest.raises(psycopg.Error):
            conn.execute("SELEC 1")
        assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
        assert conn.info.transaction_status == TransactionStatus.IDLE


def test_transaction_warnings(server):
    notices = []
    with server.connect() as conn:
        conn.add_notice_handler(lambda d: notices.append((d.severity_nonlocalized, d.sqlstate, d.message_primary)))
        conn.execute("COMMIT")
        conn.execute("BEGIN")
        conn.execute("BEGIN")
        conn.execute("ROLLBACK")
    assert ("WARNING", "25P01", "there is no transaction in progress") in notices
    assert ("WARNING", "25001", "there is already a transaction in progress") in notices


def test_psycopg_implicit_transactions(server):
    """psycopg's default (autocommit off) sends BEGIN itself; commit() and rollback() work."""
    with server.connect(autocommit=False) as conn:
        conn.execute("SELECT 1")
        assert conn.info.transaction_status == TransactionStatus.INTRANS
        conn.commit()
        assert conn.info.transaction_status == TransactionStatus.IDLE
        with conn.transaction():
            conn.execute("SET LOCAL application_name = 'tx'")
        conn.rollback()


# ---------------------------------------------------------------- statements and errors


@pytest.mark.smoke
def test_version(server):
    with server.connect() as conn:
        cur = conn.execute("SELECT version()")
        (v,) = cur.fetchone()
        assert "PostgreSQL 15" in v and "ormgate" in v, v
        assert cur.description[0].name == "version"


@pytest.mark.parametrize(
    "sql,message,position",
    [
        ("SELEC 1", 'syntax error at or near "SELEC"', "1"),
        ("SELECT 1 FROM WHERE", 'syntax error at or near "WHERE"', "15"),
        ("SELECT (1", "syntax error at end of input", "10"),
        ("SELECT 'abc", "unterminated quoted string at or near \"'abc\"", "8"),
    ],
)
def test_syntax_error_position(server, sql, message, position):
    with server.connect() as conn:
        with pytest.raises(errors.SyntaxError) as e:
            conn.execute(sql)
        assert e.value.sqlstate == "42601"
        assert e.value.diag.message_primary == message
        assert e.value.diag.statement_position == position
        assert e.value.diag.severity_nonlocalized == "ERROR"
        assert conn.execute("SELECT 1").fetchone() == (1,)


def _deep_result(conn, sql):
    try:
        conn.execute(sql)
        return "ok"
    except psycopg.errors.DatabaseError as e:
        return e.sqlstate


def test_deeply_nested_statement(server):
    """100000 nested parentheses: PostgreSQL 15 answers 42601 ("memory exhausted" in the
    grammar); a 54001 (stack depth limit exceeded) is the other acceptable answer. The server
    must not crash and the session must go on."""
    sql = "SELECT " + "(" * 100000 + "1" + ")" * 100000
    with server.connect() as conn:
        code = _deep_result(conn, sql)
        assert code in ("54001", "42601"), f"got {code}"
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert server.alive()


@pytest.mark.parametrize(
    "shape",
    [
        ("(", ")", "1", 9000),  # just below the grammar's limit: parses, then every tree walk recurses
        ("NOT ", "", "true", 9000),  # PostgreSQL 15: 54001 stack depth limit exceeded
        ("abs(", ")", "1", 4000),
        ("ARRAY[", "]", "1", 4000),
        ("(SELECT ", ")", "1", 3000),
        ("-(", ")", "1", 9000),
    ],
    ids=["parens", "not", "funcs", "arrays", "subselects", "unary"],
)
def test_deep_but_parsable_statements(server, shape):
    """Nesting that the grammar accepts but that is deep enough to overflow a recursive tree walk:
    an answer (rows, 0A000 not supported, or 54001/54000 like PostgreSQL), never a crash."""
    open_, close_, mid, n = shape
    sql = "SELECT " + open_ * n + mid + close_ * n
    with server.connect() as conn:
        code = _deep_result(conn, sql)
        assert code in ("ok", "54001", "54000", "0A000", "42601"), f"got {code}"
        assert conn.execute("SELECT 1").fetchone() == (1,)
    assert server.alive()


def test_unsupported_statement(server):
    with server.connect() as conn:
        with pytest.raises(errors.FeatureNotSupported) as e:
            conn.execute("CREATE FUNCTION f() RETURNS int LANGUAGE sql AS 'SELECT 1'")
        assert e.value.sqlstate == "0A000"
        assert e.value.diag.message_primary
        # extended protocol too (a construct the translator refuses)
        with pytest.raises(errors.FeatureNotSupported):
            conn.execute("SELECT %s::int4 WHERE 'a' SIMILAR TO 'b'", [Int4(1)])
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_copy_refused(server):
    with server.connect() as conn:
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("COPY t TO '/tmp/x'")
        with pytest.raises(errors.FeatureNotSupported):
            conn.execute("COPY (SELECT 1) TO STDOUT (FORMAT binary)")
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_several_statements_in_one_query(server):
    with server.connect() as conn:
        cur = conn.cursor()
        cur.execute("SET application_name = 'multi'; SHOW application_name; SELECT 2")
        assert cur.statusmessage == "SET"
        assert cur.nextset()
        assert cur.fetchall() == [("multi",)]
        assert cur.nextset()
        assert cur.fetchall() == [(2,)]
        assert not cur.nextset()


def test_several_statements_stop_at_error(server):
    with server.connect() as conn:
        with pytest.raises(errors.SyntaxError):
            conn.execute("SELECT 1; SELEC 2; SET application_name = 'not reached'")
        assert conn.info.transaction_status == TransactionStatus.IDLE
        assert conn.execute("SHOW application_name").fetchone() == ("",)


def test_several_statements_are_one_implicit_transaction(server):
    """A multi-statement Query runs in one implicit transaction: an error undoes the SET before it."""
    with server.connect() as conn:
        with pytest.raises(errors.SyntaxError):
            conn.execute("SET application_name = 'undone'; SELEC")
        assert conn.execute("SHOW application_name").fetchone() == ("",)


def test_begin_in_multi_statement_query(server):
    with server.connect() as conn:
        conn.execute("BEGIN; SELECT 1")
        assert conn.info.transaction_status == TransactionStatus.INTRANS
        conn.execute("COMMIT")
        assert conn.info.transaction_status == TransactionStatus.IDLE


def test_empty_query(server):
    with server.connect() as conn:
        for sql in ("", ";", "  ;  ; ", "-- just a comment"):
            cur = conn.execute(sql)
            assert cur.pgresult.status == ExecStatus.EMPTY_QUERY, sql
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_bad_parameter_values(server):
    with server.connect() as conn:
        with pytest.raises(errors.InvalidTextRepresentation) as e:
            conn.execute("SELECT %s::int4", ["12abc"])
        assert e.value.diag.message_primary == 'invalid input syntax for type integer: "12abc"'
        with pytest.raises(errors.NumericValueOutOfRange):
            conn.execute("SELECT %s::int2", [Int4(70000)])
        assert conn.execute("SELECT 1").fetchone() == (1,)


# ---------------------------------------------------------------- values


def _nan(x):
    return isinstance(x, (float, Decimal)) and x != x


def same(a, b):
    """Exact equality, treating NaN as equal to NaN and unwrapping Json/Jsonb."""
    if isinstance(b, (Json, Jsonb)):
        b = b.obj
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if _nan(a) or _nan(b):
        return _nan(a) and _nan(b)
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return str(a) == str(b)  # scale matters: 1.500 stays 1.500
    if isinstance(a, float) and isinstance(b, float):
        return a == b and math.copysign(1, a) == math.copysign(1, b)
    return type(a) is type(b) and a == b


UTC = dt.timezone.utc

# (type, oid, array oid, values)
VALUES = [
    ("bool", 16, 1000, [True, False]),
    ("int2", 21, 1005, [Int2(-32768), Int2(32767), Int2(0)]),
    ("int4", 23, 1007, [Int4(-(2**31)), Int4(2**31 - 1), Int4(42)]),
    ("int8", 20, 1016, [Int8(-(2**63)), Int8(2**63 - 1), Int8(1)]),
    ("float4", 700, 1021, [Float4(1.5), Float4(-0.25), Float4(float("inf")), Float4(float("nan"))]),
    ("float8", 701, 1022, [Float8(math.pi), Float8(-1e300), Float8(5e-324), Float8(float("-inf")), Float8(-0.0)]),
    ("numeric", 1700, 1231, [Decimal("123456789012345678901234567890.123456789"), Decimal("-0.0001"),
                             Decimal("0"), Decimal("1.500"), Decimal("NaN"), Decimal("1E-20")]),
    ("text", 25, 1009, ["héllo wörld ✓", "", "it's \"quoted\" \\ back,{x}", "NULL"]),
    ("varchar", 1043, 1015, ["abc", " spaces "]),
    ("bytea", 17, 1001, [b"", bytes(range(256))]),
    ("date", 1082, 1182, [dt.date(2024, 2, 29), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2000, 1, 1)]),
    ("time", 1083, 1183, [dt.time(0, 0), dt.time(23, 59, 59, 999999), dt.time(12, 0, 0, 1)]),
    ("timestamp", 1114, 1115, [dt.datetime(2000, 1, 1), dt.datetime(1970, 1, 1, 0, 0, 0, 1),
                               dt.datetime(1, 1, 1), dt.datetime(9999, 12, 31, 23, 59, 59, 999999)]),
    ("timestamptz", 1184, 1185, [dt.datetime(2021, 6, 1, 12, 30, tzinfo=UTC),
                                 dt.datetime(2000, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
                                 dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC)]),
    ("interval", 1186, 1187, [dt.timedelta(days=3, seconds=3600, microseconds=5), dt.timedelta(0),
                              dt.timedelta(days=-1, seconds=1), dt.timedelta(days=400, microseconds=1)]),
    ("uuid", 2950, 2951, [uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), uuid.UUID(int=0)]),
    ("json", 114, 199, [Json({"a": [1, 2.5, "x", None, True]}), Json("s"), Json(None)]),
    ("jsonb", 3802, 3807, [Jsonb({"k": {"n": 1}, "e": []}), Jsonb([1, "two"])]),
]


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
@pytest.mark.parametrize("case", VALUES, ids=[v[0] for v in VALUES])
def test_value_roundtrip(server, case, binary):
    typ, oid, _, values = case
    with server.connect() as conn:
        sql = "SELECT " + ", ".join(f"%s::{typ} AS v{i}" for i in range(len(values)))
        cur = conn.execute(sql, values, binary=binary)
        row = cur.fetchone()
        assert [d.type_code for d in cur.description] == [oid] * len(values)
        assert [d.name for d in cur.description] == [f"v{i}" for i in range(len(values))]
        for got, want in zip(row, values):
            want_v = want.obj if isinstance(want, (Json, Jsonb)) else want
            if isinstance(want_v, (Int2, Int4, Int8)):
                want_v = int(want_v)
            if isinstance(want_v, (Float4, Float8)):
                want_v = float(want_v)
            assert same(got, want_v), f"{typ}: sent {want_v!r}, got back {got!r}"
        assert cur.fetchone() is None
        assert cur.statusmessage == "SELECT 1"


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
@pytest.mark.parametrize("case", VALUES, ids=[v[0] for v in VALUES])
def test_array_roundtrip(server, case, binary):
    typ, _, array_oid, values = case
    if typ in ("json", "jsonb"):
        values = [v for v in values if v.obj is not None]
    arr = list(values[:2]) + [None] + list(values[2:])
    with server.connect() as conn:
        cur = conn.execute(f"SELECT %s::{typ}[], %s::{typ}[]", [arr, []], binary=binary)
        got, empty = cur.fetchone()
        assert cur.description[0].type_code == array_oid
        want = [v.obj if isinstance(v, (Json, Jsonb)) else v for v in arr]
        want = [int(v) if isinstance(v, (Int2, Int4, Int8)) else v for v in want]
        want = [float(v) if isinstance(v, (Float4, Float8)) else v for v in want]
        assert same(got, want), f"{typ}[]: sent {want!r}, got back {got!r}"
        assert empty == []


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_null_parameters(server, binary):
    with server.connect() as conn:
        row = conn.execute("SELECT %s::int4, %s::text, %s::bytea, %s::jsonb",
                           [None, None, None, None], binary=binary).fetchone()
        assert row == (None, None, None, None)


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_bpchar(server, binary):
    with server.connect() as conn:
        cur = conn.execute("SELECT %s::char(5), %s::char", ["ab", "x"], binary=binary)
        assert cur.fetchone() == ("ab   ", "x")
        assert cur.description[0].type_code == 1042


@pytest.mark.parametrize("binary", [False, True], ids=["text", "binary"])
def test_psycopg_default_adaptation(server, binary):
    """Plain Python values as an application passes them: psycopg picks int2 for 5, float8 for 2.5,
    unknown for str in text mode; the server casts them as PostgreSQL does."""
    with server.connect() as conn:
        row = conn.execute(
            "SELECT %s::int8, %s::int4, %s::int2, %s::numeric, %s::float4, %s::text, %s::bool, %s::float8",
            [5, 70000, 1, 3, 2.5, "t", True, 7], binary=binary).fetchone()
        assert row == (5, 70000, 1, Decimal(3), 2.5, "t", True, 7.0)


def test_untyped_parameters_and_constants(server):
    with server.connect() as conn:
        cur = conn.execute("SELECT %s, %s", [Int4(5), "str"])
        assert cur.fetchone() == (5, "str")
        assert [d.type_code for d in cur.description] == [23, 25]
        cur = conn.execute("SELECT 1, 'x', 1.5, 3000000000, true, NULL, -2")
        assert cur.fetchone() == (1, "x", Decimal("1.5"), 3000000000, True, None, -2)
        assert [d.type_code for d in cur.description] == [23, 25, 1700, 20, 16, 25, 23]
        assert [d.name for d in cur.description] == ["?column?"] * 7
        cur = conn.execute("SELECT 1::int8, 'a'::text AS named, CAST(2 AS int2)")
        assert [d.name for d in cur.description] == ["int8", "named", "int2"]
        assert cur.fetchone() == (1, "a", 2)


def test_prepared_statements(server):
    """prepare=True makes psycopg use a named statement (Parse once, Bind/Execute many)."""
    with server.connect() as conn:
        for i in range(6):
            assert conn.execute("SELECT %s::int4 AS n", [Int4(i)], prepare=True).fetchone() == (i,)
        for i in range(3):
            assert conn.execute("SELECT %s::text", [f"s{i}"], prepare=True, binary=True).fetchone() == (f"s{i}",)


def test_pipeline_mode(server):
    """libpq pipeline mode: many Parse/Bind/Execute before one Sync."""
    with server.connect() as conn:
        with conn.pipeline():
            curs = [conn.execute("SELECT %s::int4, %s::text", [Int4(i), str(i)]) for i in range(20)]
        assert [c.fetchone() for c in curs] == [(i, str(i)) for i in range(20)]
        cur = conn.cursor()
        cur.executemany("SELECT %s::int8", [[Int8(i)] for i in range(10)], returning=True)
        got = []
        while True:
            got.append(cur.fetchone()[0])
            if not cur.nextset():
                break
        assert got == list(range(10))


def test_pipeline_error_skips_to_sync(server):
    with server.connect() as conn:
        with pytest.raises(errors.SyntaxError):
            with conn.pipeline():
                conn.execute("SELECT %s::int4", [Int4(1)])
                conn.execute("SELEC %s", [Int4(2)])
                conn.execute("SELECT %s::int4", [Int4(3)])
        assert conn.execute("SELECT 4").fetchone() == (4,)


# ---------------------------------------------------------------- pg_sleep and cancel


def test_pg_sleep(server):
    with server.connect() as conn:
        t0 = time.monotonic()
        cur = conn.execute("SELECT pg_sleep(0.3)")
        assert cur.fetchone() == ("",)  # void's text output is the empty string
        assert cur.description[0].type_code == 2278  # void
        assert time.monotonic() - t0 >= 0.28


def test_pg_sleep_does_not_block_other_sessions(server):
    with server.connect() as sleeper, server.connect() as other:
        t = threading.Thread(target=sleeper.execute, args=("SELECT pg_sleep(1.5)",))
        t.start()
        time.sleep(0.2)
        t0 = time.monotonic()
        for _ in range(5):
            other.execute("SELECT 1")
        assert time.monotonic() - t0 < 1.0, "a sleeping session blocked another one"
        t.join()


@pytest.mark.smoke
def test_cancel(server):
    with server.connect() as conn:
        timer = threading.Timer(0.5, conn.cancel)
        timer.start()
        t0 = time.monotonic()
        with pytest.raises(errors.QueryCanceled) as e:
            conn.execute("SELECT pg_sleep(30)")
        timer.join()
        assert time.monotonic() - t0 < 10
        assert e.value.sqlstate == "57014"
        assert e.value.diag.message_primary == "canceling statement due to user request"
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_cancel_any_worker(server):
    """Cancel requests land on any worker (SO_REUSEPORT); each must reach its session."""
    conns = [server.connect() for _ in range(6)]
    try:
        results = [None] * len(conns)

        def run(i):
            try:
                conns[i].execute("SELECT pg_sleep(20)")
                results[i] = "finished"
            except errors.QueryCanceled:
                results[i] = "canceled"
            except Exception as e:  # noqa: BLE001
                results[i] = repr(e)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(conns))]
        for t in threads:
            t.start()
        time.sleep(0.5)
        for c in conns:
            c.cancel()
        for t in threads:
            t.join(15)
        assert results == ["canceled"] * len(conns)
        for c in conns:
            assert c.execute("SELECT 1").fetchone() == (1,)
    finally:
        for c in conns:
            c.close()


def test_cancel_in_transaction_aborts_it(server):
    with server.connect() as conn:
        conn.execute("BEGIN")
        timer = threading.Timer(0.3, conn.cancel)
        timer.start()
        with pytest.raises(errors.QueryCanceled):
            conn.execute("SELECT pg_sleep(30)")
        timer.join()
        assert conn.info.transaction_status == TransactionStatus.INERROR
        conn.execute("ROLLBACK")


def test_cancel_with_wrong_key_does_nothing(server):
    with server.connect() as conn:
        pid = conn.info.backend_pid
        with server.session("alice") as probe:  # a real key, but of *another* session
            other_key = probe.key

        def bad_cancels():
            time.sleep(0.3)
            for p, k in ((pid, other_key), (pid, 0), (pid + 1, other_key), (0, 0)):
                with server.raw() as c:
                    c.send(pgwire.cancel_request(p, k))
                    c.closed_by_server(2)

        t = threading.Thread(target=bad_cancels)
        t.start()
        t0 = time.monotonic()
        cur = conn.execute("SELECT pg_sleep(1.5)")
        t.join()
        assert cur.fetchone() == ("",)
        assert time.monotonic() - t0 >= 1.4


def test_cancel_when_idle_is_ignored(server):
    with server.connect() as conn:
        conn.cancel()
        time.sleep(0.2)
        t0 = time.monotonic()
        conn.execute("SELECT pg_sleep(0.5)")
        assert time.monotonic() - t0 >= 0.45


@pytest.mark.parametrize("prepare", [False, True], ids=["simple", "extended"])
def test_select_without_columns(server, prepare):
    """`SELECT;` returns one row of zero columns, with a RowDescription (libpq rejects a DataRow without one)."""
    with server.connect() as conn:
        cur = conn.execute("SELECT", prepare=prepare)
        assert cur.description == []
        assert cur.fetchall() == [()]
        assert cur.statusmessage == "SELECT 1"
