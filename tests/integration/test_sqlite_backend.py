"""The embedded SQLite backend end to end, through real clients (psql and psycopg 3).

With no [databases] entry of its own, ormgate serves every database name from
data/<dbname>.sqlite3 under its working directory: DDL goes through the
schema module (kept in the file's ormgate_schema table), SELECT / INSERT /
UPDATE / DELETE are translated to SQLite SQL. Every test uses its own database
name (so its own SQLite file) and expects exactly what PostgreSQL 15 answers:
command tags, printed values, SQLSTATEs, constraint names and messages.
"""

import datetime as dt
import sqlite3
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

import psycopg
import pytest
from psycopg import errors
from psycopg.pq import TransactionStatus
from psycopg.types.json import Jsonb

from conftest import Server, finish_server

UTC = dt.timezone.utc


def ok(r):
    assert r.returncode == 0, f"psql failed (exit {r.returncode}):\nstdout: {r.stdout}\nstderr: {r.stderr}"
    return r.stdout


def psql_script(server, tmp_path, dbname, sql):
    """Run sql as a psql script (-f, simple protocol, stops at the first error); returns stdout lines."""
    f = tmp_path / f"{dbname}.sql"
    f.write_text(sql)
    r = server.psql(dbname=dbname, args=("-v", "ON_ERROR_STOP=1", "-f", str(f)))
    out = ok(r)
    assert r.stderr == "", f"unexpected psql messages:\n{r.stderr}"
    return out.splitlines()


def expect_error(conn, sql, sqlstate, params=None, **diag):
    """Run sql, expect an error with this SQLSTATE and these diag fields; returns the diag."""
    with pytest.raises(psycopg.Error) as e:
        conn.execute(sql, params)
    d = e.value.diag
    assert e.value.sqlstate == sqlstate, f"{sql}: got {e.value.sqlstate} {d.message_primary!r}, expected {sqlstate}"
    assert d.severity_nonlocalized == "ERROR"
    for k, v in diag.items():
        assert getattr(d, k) == v, f"{sql}: diag.{k} is {getattr(d, k)!r}, expected {v!r}"
    return d


def count(conn, table):
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


# ---------------------------------------------------------------- 1. psql end to end

CRUD_SCRIPT = """\
CREATE TABLE items (
  id serial PRIMARY KEY,
  name text NOT NULL,
  price numeric(10,2),
  created timestamptz,
  active bool DEFAULT true,
  attrs jsonb,
  ref uuid
);
INSERT INTO items (name, price, created, active, attrs, ref) VALUES
  ('apple', 12.5, '2024-01-02 03:04:05+00', true, '{"b": 2, "a": [1, 2.50, "x"]}', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'),
  ('banana', 3, '2024-06-30 23:59:59.123456+02', false, '{"z":null,"a":{"k":true}}', NULL),
  ('cherry', 100.005, '2023-12-31 22:00:00-05', NULL, '[]', '00000000-0000-0000-0000-000000000001');
INSERT INTO items (name, price) VALUES ('date', 7.1) RETURNING id, name, price, active;
SELECT id, name, price, created, active, attrs, ref FROM items ORDER BY id;
SELECT name, price FROM items WHERE price > 5 AND active ORDER BY price DESC LIMIT 2;
SELECT name FROM items WHERE attrs IS NULL OR ref IS NULL ORDER BY name;
UPDATE items SET price = price * 2, active = NOT active WHERE name = 'banana';
UPDATE items SET name = 'x' WHERE id > 100;
DELETE FROM items WHERE name = 'cherry';
SELECT id, name, price, active FROM items ORDER BY id;
SET TimeZone = 'America/New_York';
SELECT name, created FROM items WHERE created IS NOT NULL ORDER BY id;
"""

CRUD_OUTPUT = [
    "CREATE TABLE",
    "INSERT 0 3",
    "4|date|7.10|t",
    "INSERT 0 1",
    '1|apple|12.50|2024-01-02 03:04:05+00|t|{"a": [1, 2.50, "x"], "b": 2}|a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    '2|banana|3.00|2024-06-30 21:59:59.123456+00|f|{"a": {"k": true}, "z": null}|',
    "3|cherry|100.01|2024-01-01 03:00:00+00||[]|00000000-0000-0000-0000-000000000001",
    "4|date|7.10||t||",
    "apple|12.50",
    "date|7.10",
    "banana",
    "date",
    "UPDATE 1",
    "UPDATE 0",
    "DELETE 1",
    "1|apple|12.50|t",
    "2|banana|6.00|t",
    "4|date|7.10|t",
    "SET",
    "apple|2024-01-01 22:04:05-05",
    "banana|2024-06-30 17:59:59.123456-04",
]


@pytest.mark.smoke
def test_psql_crud(server, tmp_path):
    """CREATE / INSERT (multi-row, RETURNING) / SELECT / UPDATE / DELETE, printed exactly as PostgreSQL prints."""
    assert psql_script(server, tmp_path, "sq_crud", CRUD_SCRIPT) == CRUD_OUTPUT
    # a new session sees the committed rows; sum keeps the numeric scale
    out = ok(server.psql("SELECT count(*), sum(price), min(name), max(id) FROM items", dbname="sq_crud"))
    assert out == "3|25.60|apple|4\n"


def test_psql_databases_are_separate(server):
    """Two database names are two SQLite files: a table of one is unknown in the other."""
    ok(server.psql("CREATE TABLE only_here (x int PRIMARY KEY)", dbname="sq_sep_a"))
    ok(server.psql("INSERT INTO only_here VALUES (1)", dbname="sq_sep_a"))
    r = server.psql("SELECT x FROM only_here", dbname="sq_sep_b")
    assert r.returncode != 0
    assert 'ERROR:  relation "only_here" does not exist' in r.stderr, r.stderr
    assert ok(server.psql("SELECT x FROM only_here", dbname="sq_sep_a")) == "1\n"


# ---------------------------------------------------------------- 2. persistence across a restart


def test_persistence_across_restart(make_server, tls_files, tmp_path):
    s1 = make_server()
    db = "sq_restart"
    setup = """\
CREATE TABLE kept (id serial PRIMARY KEY, note text NOT NULL, amount numeric(8,3), at timestamptz);
CREATE UNIQUE INDEX kept_note_idx ON kept (note);
INSERT INTO kept (note, amount, at) VALUES ('one', 1.5, '2020-02-29 12:00:00+00'), ('two', NULL, NULL), ('three', -0.001, '1970-01-01 00:00:00+00');
"""
    assert psql_script(s1, tmp_path, db, setup) == ["CREATE TABLE", "CREATE INDEX", "INSERT 0 3"]
    assert s1.stop() == 0, f"SIGTERM: server did not exit 0\n{s1.log_tail()}"

    path = s1.workdir / "data" / f"{db}.sqlite3"
    assert path.is_file(), f"no database file at {path}"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as lite:
        names = {r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "ormgate_schema" in names, names

    s2 = Server(s1.workdir, *tls_files)  # same working directory (data/), a new process and port
    try:
        s2.start()
        rows = ok(s2.psql("SELECT id, note, amount, at FROM kept ORDER BY id", dbname=db))
        assert rows.splitlines() == [
            "1|one|1.500|2020-02-29 12:00:00+00",
            "2|two||",
            "3|three|-0.001|1970-01-01 00:00:00+00",
        ]
        with s2.connect(dbname=db) as conn:
            # the serial sequence continues where it stopped
            cur = conn.execute("INSERT INTO kept (note) VALUES ('four') RETURNING id")
            assert cur.fetchone() == (4,)
            assert cur.statusmessage == "INSERT 0 1"
            # the constraints and the index came back with the schema
            expect_error(conn, "INSERT INTO kept (id, note) VALUES (1, 'dup')", "23505", constraint_name="kept_pkey")
            expect_error(conn, "INSERT INTO kept (note) VALUES ('one')", "23505", constraint_name="kept_note_idx")
            expect_error(conn, "INSERT INTO kept (note) VALUES (NULL)", "23502", column_name="note")
            assert conn.execute("SELECT count(*), sum(amount) FROM kept").fetchone() == (4, Decimal("1.499"))
            # DDL after the restart works too
            conn.execute("CREATE TABLE later (k int PRIMARY KEY)")
            conn.execute("INSERT INTO later VALUES (7)")
            assert conn.execute("SELECT k FROM later").fetchall() == [(7,)]
    finally:
        finish_server(s2)


# ---------------------------------------------------------------- 3. errors


ERR_SCHEMA = [
    "CREATE TABLE parent (id int PRIMARY KEY)",
    "CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, qty int CHECK (qty > 0),"
    " pid int REFERENCES parent (id), code varchar(3))",
    "INSERT INTO parent VALUES (10)",
    "INSERT INTO t VALUES (1, 'a', 5, 10, 'abc')",
]


def errors_conn(server, dbname):
    conn = server.connect(dbname=dbname)
    for sql in ERR_SCHEMA:
        conn.execute(sql)
    return conn


@pytest.mark.smoke
def test_error_duplicate_primary_key(server):
    with errors_conn(server, "sq_err_pkey") as conn:
        expect_error(
            conn, "INSERT INTO t VALUES (1, 'b', 1, NULL, NULL)", "23505",
            constraint_name="t_pkey", table_name="t",
            message_primary='duplicate key value violates unique constraint "t_pkey"',
            message_detail="Key (id)=(1) already exists.",
        )
        assert isinstance(conn.execute("SELECT 1").fetchone()[0], int)
        assert conn.execute("SELECT id, name FROM t").fetchall() == [(1, "a")]
        # an UPDATE onto an existing key too
        conn.execute("INSERT INTO t (id, name) VALUES (2, 'b')")
        expect_error(conn, "UPDATE t SET id = 1 WHERE id = 2", "23505", constraint_name="t_pkey")
        assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,), (2,)]


def test_error_constraints(server):
    """NOT NULL, CHECK and FOREIGN KEY violations: SQLSTATE, constraint and PostgreSQL's message."""
    with errors_conn(server, "sq_err_constraints") as conn:
        expect_error(
            conn, "INSERT INTO t (id, name) VALUES (2, NULL)", "23502",
            column_name="name", table_name="t", constraint_name=None,
            message_primary='null value in column "name" of relation "t" violates not-null constraint',
        )
        assert count(conn, "t") == 1
        expect_error(
            conn, "INSERT INTO t (id, name, qty) VALUES (2, 'b', 0)", "23514",
            constraint_name="t_qty_check", table_name="t",
            message_primary='new row for relation "t" violates check constraint "t_qty_check"',
        )
        assert count(conn, "t") == 1
        expect_error(conn, "UPDATE t SET qty = -1 WHERE id = 1", "23514", constraint_name="t_qty_check")
        assert conn.execute("SELECT qty FROM t").fetchone() == (5,)
        expect_error(
            conn, "INSERT INTO t (id, name, pid) VALUES (2, 'b', 99)", "23503",
            constraint_name="t_pid_fkey", table_name="t",
            message_primary='insert or update on table "t" violates foreign key constraint "t_pid_fkey"',
            message_detail='Key (pid)=(99) is not present in table "parent".',
        )
        assert count(conn, "t") == 1
        expect_error(
            conn, "DELETE FROM parent WHERE id = 10", "23503",
            constraint_name="t_pid_fkey",
            message_primary='update or delete on table "parent" violates foreign key constraint "t_pid_fkey" on table "t"',
            message_detail='Key (id)=(10) is still referenced from table "t".',
        )
        assert count(conn, "parent") == 1
        # the valid versions of the same statements work afterwards
        conn.execute("INSERT INTO t (id, name, qty, pid) VALUES (2, 'b', 1, 10)")
        assert conn.execute("SELECT id, name, qty, pid FROM t ORDER BY id").fetchall() == [
            (1, "a", 5, 10), (2, "b", 1, 10)]


def test_error_unknown_names(server):
    with errors_conn(server, "sq_err_names") as conn:
        expect_error(conn, "SELECT * FROM nosuch", "42P01",
                     message_primary='relation "nosuch" does not exist', statement_position="15")
        assert count(conn, "t") == 1
        expect_error(conn, "SELECT nosuchcol FROM t", "42703",
                     message_primary='column "nosuchcol" does not exist', statement_position="8")
        assert count(conn, "t") == 1
        expect_error(conn, "INSERT INTO t (id, nosuchcol) VALUES (3, 1)", "42703",
                     message_primary='column "nosuchcol" of relation "t" does not exist')
        expect_error(conn, "UPDATE nosuch SET x = 1", "42P01", message_primary='relation "nosuch" does not exist')
        expect_error(conn, "DELETE FROM nosuch", "42P01", message_primary='relation "nosuch" does not exist')
        assert count(conn, "t") == 1


def test_error_data(server):
    """Bad integer literal, division by zero, varchar overflow."""
    with errors_conn(server, "sq_err_data") as conn:
        expect_error(conn, "INSERT INTO t (id, name, qty) VALUES (2, 'b', 'abc')", "22P02",
                     message_primary='invalid input syntax for type integer: "abc"')
        expect_error(conn, "SELECT id FROM t WHERE qty = 'x1'", "22P02",
                     message_primary='invalid input syntax for type integer: "x1"')
        assert count(conn, "t") == 1
        expect_error(conn, "SELECT qty / (id - 1) FROM t", "22012", message_primary="division by zero")
        assert count(conn, "t") == 1
        expect_error(conn, "INSERT INTO t (id, name, code) VALUES (2, 'b', 'abcd')", "22001",
                     message_primary="value too long for type character varying(3)")
        expect_error(conn, "UPDATE t SET code = 'wxyz'", "22001",
                     message_primary="value too long for type character varying(3)")
        assert conn.execute("SELECT id, code FROM t").fetchall() == [(1, "abc")]
        # trailing spaces beyond the limit are cut silently, as in PostgreSQL
        conn.execute("INSERT INTO t (id, name, code) VALUES (2, 'b', 'xy   ')")
        assert conn.execute("SELECT code FROM t WHERE id = 2").fetchone() == ("xy ",)


def test_error_in_transaction_block(server):
    with errors_conn(server, "sq_err_txn") as conn:
        # PostgreSQL's error timing (the duplicate on the INSERT itself) is flush mode always;
        # tests/integration/test_uow.py has what auto mode does
        conn.execute("SET ormgate.flush_mode = always")
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (id, name) VALUES (2, 'in txn')")
        expect_error(conn, "INSERT INTO t (id, name) VALUES (1, 'dup')", "23505", constraint_name="t_pkey")
        assert conn.info.transaction_status == TransactionStatus.INERROR
        for sql in ("SELECT count(*) FROM t", "INSERT INTO t (id, name) VALUES (3, 'c')", "UPDATE t SET qty = 2"):
            expect_error(conn, sql, "25P02", message_primary=(
                "current transaction is aborted, commands ignored until end of transaction block"))
        assert conn.execute("ROLLBACK").statusmessage == "ROLLBACK"
        assert conn.info.transaction_status == TransactionStatus.IDLE
        assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,)]
        # COMMIT of a failed block rolls back
        conn.execute("BEGIN")
        conn.execute("INSERT INTO t (id, name) VALUES (4, 'd')")
        expect_error(conn, "SELECT 1 / (id - 1) FROM t WHERE id = 1", "22012")
        assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
        assert conn.execute("SELECT id FROM t ORDER BY id").fetchall() == [(1,)]


# ---------------------------------------------------------------- 4. transactions


@pytest.mark.smoke
def test_rollback_and_commit(server):
    db = "sq_txn"
    with server.connect(dbname=db) as c1, server.connect(dbname=db) as c2:
        c1.execute("CREATE TABLE acct (id int PRIMARY KEY, bal numeric(8,2) NOT NULL)")
        c1.execute("BEGIN")
        assert c1.execute("INSERT INTO acct VALUES (1, 10)").statusmessage == "INSERT 0 1"
        assert c1.execute("SELECT bal FROM acct").fetchall() == [(Decimal("10.00"),)]
        c1.execute("ROLLBACK")
        assert count(c1, "acct") == 0
        assert count(c2, "acct") == 0

        c1.execute("BEGIN")
        c1.execute("INSERT INTO acct VALUES (1, 10), (2, 20)")
        c1.execute("UPDATE acct SET bal = bal - 5 WHERE id = 1")
        # not visible to another session before COMMIT
        assert count(c2, "acct") == 0
        assert c1.execute("COMMIT").statusmessage == "COMMIT"
        assert c2.execute("SELECT id, bal FROM acct ORDER BY id").fetchall() == [
            (1, Decimal("5.00")), (2, Decimal("20.00"))]

        # an UPDATE / DELETE rolled back leaves the committed rows
        c2.execute("BEGIN")
        c2.execute("DELETE FROM acct WHERE id = 2")
        c2.execute("UPDATE acct SET bal = 0")
        c2.execute("ROLLBACK")
        assert c1.execute("SELECT id, bal FROM acct ORDER BY id").fetchall() == [
            (1, Decimal("5.00")), (2, Decimal("20.00"))]


def test_savepoints(server):
    with server.connect(dbname="sq_savepoint") as conn:
        conn.execute("CREATE TABLE sp (id int PRIMARY KEY)")
        conn.execute("SET ormgate.flush_mode = always")  # PostgreSQL's error timing (test_uow.py: auto)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO sp VALUES (1)")
        assert conn.execute("SAVEPOINT a").statusmessage == "SAVEPOINT"
        conn.execute("INSERT INTO sp VALUES (2)")
        assert conn.execute("ROLLBACK TO SAVEPOINT a").statusmessage == "ROLLBACK"
        assert conn.execute("SELECT id FROM sp ORDER BY id").fetchall() == [(1,)]
        conn.execute("INSERT INTO sp VALUES (3)")
        conn.execute("SAVEPOINT b")
        conn.execute("INSERT INTO sp VALUES (4)")
        assert conn.execute("RELEASE SAVEPOINT b").statusmessage == "RELEASE"
        # an error after a savepoint: ROLLBACK TO recovers the block
        conn.execute("SAVEPOINT c")
        expect_error(conn, "INSERT INTO sp VALUES (1)", "23505", constraint_name="sp_pkey")
        expect_error(conn, "SELECT 1 FROM sp", "25P02")
        conn.execute("ROLLBACK TO c")
        assert conn.info.transaction_status == TransactionStatus.INTRANS
        conn.execute("INSERT INTO sp VALUES (5)")
        conn.execute("COMMIT")
        assert conn.execute("SELECT id FROM sp ORDER BY id").fetchall() == [(1,), (3,), (4,), (5,)]


# ---------------------------------------------------------------- 5. parameters, text and binary

PARAM_ROWS = [
    (
        1, 9223372036854775807, Decimal("1234567890.12"), Decimal("-0.000000000000000000001"),
        "héllo \"wörld\"\n\t☃ ' \\", True,
        dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=ZoneInfo("Asia/Kolkata")),
        uuid.UUID("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"),
        {"a": [1, 2.5, None, True], "nested": {"k": "v"}, "s": "x"},
        bytes(range(256)),
    ),
    (
        2, -1, Decimal("0.00"), Decimal("123456789012345678901234567890.123456789"),
        "", False, dt.datetime(1999, 12, 31, 0, 0, tzinfo=UTC),
        uuid.UUID(int=0), [], b"",
    ),
    (3, None, None, None, None, None, None, None, None, None),
]

PARAM_OIDS = [23, 20, 1700, 1700, 25, 16, 1184, 2950, 3802, 17]


@pytest.mark.parametrize(
    "mode, ph, binary, prepare",
    [("text", "%t", False, False), ("binary", "%b", True, False),
     ("prepared_text", "%t", False, True), ("prepared_binary", "%b", True, True)],
    ids=["text", "binary", "prepared_text", "prepared_binary"],
)
def test_parameters_round_trip(server, mode, ph, binary, prepare):
    with server.connect(dbname=f"sq_params_{mode}") as conn:
        conn.execute("CREATE TABLE p (id int PRIMARY KEY, i8 bigint, n numeric(12,2), nn numeric, s text,"
                     " b bool, ts timestamptz, u uuid, j jsonb, by bytea)")
        cur = conn.cursor()
        insert = f"INSERT INTO p VALUES ({', '.join([ph] * 10)})"
        for row in PARAM_ROWS:
            params = list(row)
            params[8] = None if row[8] is None else Jsonb(row[8])
            cur.execute(insert, params, prepare=prepare)
            assert cur.statusmessage == "INSERT 0 1"
        for row in PARAM_ROWS:
            cur.execute(f"SELECT * FROM p WHERE id = {ph}", (row[0],), binary=binary, prepare=prepare)
            assert [c.type_code for c in cur.description] == PARAM_OIDS
            got = cur.fetchone()
            assert got == row
            # numeric keeps its scale (Decimal equality would not see 0 vs 0.00)
            assert [str(v) for v in got[2:4]] == [str(v) for v in row[2:4]]
            if row[6] is not None:
                assert got[6].utcoffset() == dt.timedelta(0)  # printed in the session TimeZone (UTC)
        # parameters in WHERE, one of each type
        cur.execute(
            f"SELECT id FROM p WHERE i8 = {ph} AND n = {ph} AND s = {ph} AND b = {ph} AND ts = {ph} AND u = {ph}"
            f" AND by = {ph}",
            [PARAM_ROWS[0][i] for i in (1, 2, 4, 5, 6, 7, 9)], binary=binary, prepare=prepare)
        assert cur.fetchall() == [(1,)]
        cur.execute(f"SELECT id FROM p WHERE ts < {ph} OR b = {ph} ORDER BY id",
                    (dt.datetime(2000, 1, 1, tzinfo=UTC), True), binary=binary, prepare=prepare)
        assert cur.fetchall() == [(1,), (2,)]
        # parameters in UPDATE / DELETE, with RETURNING
        cur.execute(f"UPDATE p SET n = n + {ph}, s = s || {ph} WHERE id = {ph} RETURNING n, s",
                    (Decimal("0.005"), "!", 2), binary=binary, prepare=prepare)
        assert cur.statusmessage == "UPDATE 1"
        assert [(str(n), s) for n, s in cur.fetchall()] == [("0.01", "!")]
        cur.execute(f"DELETE FROM p WHERE id = {ph}", (3,), prepare=prepare)
        assert cur.statusmessage == "DELETE 1"
        assert count(conn, "p") == 2


# ---------------------------------------------------------------- 6. DDL


@pytest.mark.smoke
def test_create_if_not_exists_and_drop_if_exists(server):
    with server.connect(dbname="sq_ddl_exists") as conn:
        notices = []
        conn.add_notice_handler(lambda d: notices.append((d.severity_nonlocalized, d.sqlstate, d.message_primary)))
        cur = conn.execute("CREATE TABLE IF NOT EXISTS d (id int PRIMARY KEY)")
        assert cur.statusmessage == "CREATE TABLE"
        assert notices == []
        cur = conn.execute("CREATE TABLE IF NOT EXISTS d (other text)")
        assert cur.statusmessage == "CREATE TABLE"
        assert notices == [("NOTICE", "42P07", 'relation "d" already exists, skipping')]
        # the first definition stays
        conn.execute("INSERT INTO d (id) VALUES (1)")
        expect_error(conn, "CREATE TABLE d (x int)", "42P07", message_primary='relation "d" already exists')
        notices.clear()
        cur = conn.execute("DROP TABLE IF EXISTS nosuch")
        assert cur.statusmessage == "DROP TABLE"
        assert notices == [("NOTICE", "00000", 'table "nosuch" does not exist, skipping')]
        expect_error(conn, "DROP TABLE nosuch", "42P01", message_primary='table "nosuch" does not exist')
        assert conn.execute("SELECT id FROM d").fetchall() == [(1,)]


def test_drop_table(server):
    with server.connect(dbname="sq_ddl_drop") as conn:
        conn.execute("CREATE TABLE gone (id int PRIMARY KEY, v text)")
        conn.execute("INSERT INTO gone VALUES (1, 'x')")
        assert conn.execute("DROP TABLE gone").statusmessage == "DROP TABLE"
        expect_error(conn, "SELECT * FROM gone", "42P01", message_primary='relation "gone" does not exist')
        expect_error(conn, "INSERT INTO gone VALUES (2, 'y')", "42P01")
        # the name is free again, with another definition and no old rows
        conn.execute("CREATE TABLE gone (k text PRIMARY KEY)")
        assert count(conn, "gone") == 0
        conn.execute("INSERT INTO gone VALUES ('a')")
        assert conn.execute("SELECT k FROM gone").fetchall() == [("a",)]
    # a new session sees the new definition
    with server.connect(dbname="sq_ddl_drop") as conn:
        expect_error(conn, "SELECT id FROM gone", "42703")
        assert conn.execute("SELECT k FROM gone").fetchall() == [("a",)]


def test_unique_index(server):
    with server.connect(dbname="sq_ddl_index") as conn:
        conn.execute("CREATE TABLE u (id serial PRIMARY KEY, email text, grp int)")
        conn.execute("INSERT INTO u (email, grp) VALUES ('a@x', 1), ('b@x', 1)")
        assert conn.execute("CREATE UNIQUE INDEX u_email_idx ON u (email)").statusmessage == "CREATE INDEX"
        assert conn.execute("CREATE INDEX u_grp_idx ON u (grp)").statusmessage == "CREATE INDEX"
        expect_error(
            conn, "INSERT INTO u (email, grp) VALUES ('a@x', 2)", "23505",
            constraint_name="u_email_idx", table_name="u",
            message_primary='duplicate key value violates unique constraint "u_email_idx"',
            message_detail="Key (email)=(a@x) already exists.",
        )
        expect_error(conn, "UPDATE u SET email = 'a@x' WHERE email = 'b@x'", "23505", constraint_name="u_email_idx")
        # NULLs are distinct; a non-unique index allows duplicates
        conn.execute("INSERT INTO u (email, grp) VALUES (NULL, 1), (NULL, 1)")
        assert conn.execute("SELECT count(*), count(email) FROM u WHERE grp = 1").fetchone() == (4, 2)


def test_truncate(server):
    with server.connect(dbname="sq_ddl_truncate") as conn:
        conn.execute("CREATE TABLE tr (id serial PRIMARY KEY, v text)")
        conn.execute("INSERT INTO tr (v) VALUES ('a'), ('b'), ('c')")
        assert conn.execute("TRUNCATE tr").statusmessage == "TRUNCATE TABLE"
        assert count(conn, "tr") == 0
        # without RESTART IDENTITY the sequence goes on
        assert conn.execute("INSERT INTO tr (v) VALUES ('d') RETURNING id, v").fetchall() == [(4, "d")]
        # TRUNCATE in a rolled-back block is undone
        conn.execute("BEGIN")
        conn.execute("TRUNCATE TABLE tr")
        assert count(conn, "tr") == 0
        conn.execute("ROLLBACK")
        assert conn.execute("SELECT id, v FROM tr").fetchall() == [(4, "d")]
