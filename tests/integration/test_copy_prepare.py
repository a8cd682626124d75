"""COPY (TO STDOUT / FROM STDIN) and SQL-level PREPARE / EXECUTE / DEALLOCATE, end to end.

Clients: psql (\\copy, simple protocol), psycopg 3 (cursor.copy(), prepared statements) and the
raw protocol client for what the libraries hide (the order of messages during COPY FROM). Every
expectation is what PostgreSQL 15 answers (checked against a real server), except where noted:
ormgate has no CONTEXT field yet, so the COPY error context ("COPY t, line 2, column v: ...") is
in DETAIL; the tests accept it in either place.
"""

import datetime as dt
import struct

import psycopg
import pytest
from psycopg import errors

import pgwire as w

UTC = dt.timezone.utc


def ok(r):
    assert r.returncode == 0, f"psql failed (exit {r.returncode}):\nstdout: {r.stdout}\nstderr: {r.stderr}"
    return r.stdout


def psql_lines(server, dbname, *commands):
    """Run psql with one -c per command (-At); stdout lines."""
    args = []
    for c in commands:
        args += ["-c", c]
    r = server.psql(dbname=dbname, args=("-v", "ON_ERROR_STOP=1", *args))
    out = ok(r)
    assert r.stderr == "", f"unexpected psql messages:\n{r.stderr}"
    return out.splitlines()


def context_of(diag):
    """The COPY context line: in CONTEXT (PostgreSQL) or, in ormgate for now, in DETAIL."""
    return diag.context or diag.message_detail


CSV_IN = (
    "id,name,price,day\n"
    "1,plain,1.5,2024-01-02\n"
    '2,"with, comma",,\n'
    '3,"two\nlines",2,2024-02-03\n'
    '4,"",3,\n'
    '5,"quote "" inside",4.25,2022-12-31\n'
)

ROWS = [
    (1, "plain", "1.5", dt.date(2024, 1, 2)),
    (2, "with, comma", None, None),
    (3, "two\nlines", "2", dt.date(2024, 2, 3)),
    (4, "", "3", None),
    (5, 'quote " inside', "4.25", dt.date(2022, 12, 31)),
]


def make_items(conn):
    conn.execute("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric, day date)")


def items(conn):
    return [
        (i, n, None if p is None else str(p), d)
        for i, n, p, d in conn.execute("SELECT id, name, price, day FROM items ORDER BY id").fetchall()
    ]


# ---------------------------------------------------------------- psql \copy


def test_psql_copy_csv_in_and_out(server, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text(CSV_IN)
    db = "copy_csv"
    with server.connect(dbname=db) as conn:
        make_items(conn)
    assert psql_lines(server, db, f"\\copy items from '{src}' csv header") == ["COPY 5"]
    with server.connect(dbname=db) as conn:
        assert items(conn) == ROWS
    out = tmp_path / "out.csv"
    assert psql_lines(server, db, f"\\copy (SELECT * FROM items ORDER BY id) to '{out}' csv header") == ["COPY 5"]
    assert out.read_text() == CSV_IN
    # quoting forced, another delimiter and NULL string, a column list
    out2 = tmp_path / "out2.csv"
    psql_lines(server, db, f"\\copy items (name, id) to '{out2}' with (format csv, delimiter ';', "
                           "null 'NULL', force_quote (name))")
    assert out2.read_text() == (
        '"plain";1\n"with, comma";2\n"two\nlines";3\n"";4\n"quote "" inside";5\n'
    )


def test_psql_copy_text_in_and_out(server, tmp_path):
    text = (
        "1\tplain\t1.5\t2024-01-02\n"
        "2\twith, comma\t\\N\t\\N\n"
        "3\ttwo\\nlines\t2\t2024-02-03\n"
        "4\t\t3\t\\N\n"
        '5\tquote " inside\t4.25\t2022-12-31\n'
    )
    src = tmp_path / "in.txt"
    src.write_text(text)
    db = "copy_text"
    with server.connect(dbname=db) as conn:
        make_items(conn)
    assert psql_lines(server, db, f"\\copy items from '{src}'") == ["COPY 5"]
    with server.connect(dbname=db) as conn:
        assert items(conn) == ROWS
    out = tmp_path / "out.txt"
    assert psql_lines(server, db, f"\\copy items to '{out}'") == ["COPY 5"]
    assert out.read_text() == text
    # COPY TO STDOUT in a plain statement, with a header and a NULL string
    lines = psql_lines(server, db, "COPY (SELECT id, price FROM items WHERE id < 3 ORDER BY id) TO STDOUT "
                                   "WITH (FORMAT text, HEADER, NULL '-')")
    assert lines == ["id\tprice", "1\t1.5", "2\t-"]


def test_psql_copy_many_rows(server, tmp_path):
    """More rows than one backend batch: all stored, in one transaction."""
    n = 12345
    src = tmp_path / "many.csv"
    src.write_text("".join(f"{i},name {i}\n" for i in range(1, n + 1)))
    db = "copy_many"
    with server.connect(dbname=db) as conn:
        conn.execute("CREATE TABLE many (id int PRIMARY KEY, name text NOT NULL, made timestamptz DEFAULT now())")
    assert psql_lines(server, db, f"\\copy many (id, name) from '{src}' csv") == [f"COPY {n}"]
    with server.connect(dbname=db) as conn:
        assert conn.execute("SELECT count(*), sum(id), count(DISTINCT made), min(name) FROM many").fetchone() == (
            n, n * (n + 1) // 2, 1, "name 1")
    out = tmp_path / "many_out.csv"
    assert psql_lines(server, db, f"\\copy (SELECT id, name FROM many ORDER BY id) to '{out}' csv") == [f"COPY {n}"]
    assert out.read_text() == src.read_text()


# ---------------------------------------------------------------- errors


def test_copy_bad_value_stores_nothing(server):
    with server.connect(dbname="copy_err") as conn:
        make_items(conn)
        with pytest.raises(errors.InvalidTextRepresentation) as e:
            with conn.cursor().copy("COPY items FROM STDIN") as cp:
                cp.write(b"1\ta\t1.5\t2024-01-01\n2\tb\txx\t2024-01-01\n3\tc\t1\t\\N\n")
        d = e.value.diag
        assert d.message_primary == 'invalid input syntax for type numeric: "xx"'
        assert context_of(d) == 'COPY items, line 2, column price: "xx"'
        # missing and extra columns
        with pytest.raises(errors.BadCopyFileFormat) as e:
            with conn.cursor().copy("COPY items FROM STDIN (FORMAT csv)") as cp:
                cp.write(b"1,a,1.5,2024-01-01\n2,b\n")
        assert e.value.diag.message_primary == 'missing data for column "price"'
        assert context_of(e.value.diag) == 'COPY items, line 2: "2,b"'
        with pytest.raises(errors.BadCopyFileFormat) as e:
            with conn.cursor().copy("COPY items FROM STDIN (FORMAT csv)") as cp:
                cp.write(b"1,a,1.5,2024-01-01,9\n")
        assert e.value.diag.message_primary == "extra data after last expected column"
        # a constraint of the table, in the last batch
        with pytest.raises(errors.UniqueViolation) as e:
            with conn.cursor().copy("COPY items (id, name) FROM STDIN") as cp:
                cp.write(b"7\tx\n7\ty\n")
        assert e.value.diag.constraint_name == "items_pkey"
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


def test_copy_bad_value_psql(server, tmp_path):
    src = tmp_path / "bad.csv"
    src.write_text("1,a,1,2024-01-01\n2,b,2,2024-13-01\n")
    with server.connect(dbname="copy_err_psql") as conn:
        make_items(conn)
    r = server.psql(dbname="copy_err_psql", args=("-c", f"\\copy items from '{src}' csv"))
    assert r.returncode != 0
    assert 'ERROR:  date/time field value out of range: "2024-13-01"' in r.stderr
    assert 'COPY items, line 2, column day: "2024-13-01"' in r.stderr
    with server.connect(dbname="copy_err_psql") as conn:
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_copy_fail_from_client(server):
    with server.connect(dbname="copy_fail") as conn:
        make_items(conn)
        with pytest.raises(errors.QueryCanceled) as e:
            with conn.cursor().copy("COPY items FROM STDIN") as cp:
                cp.write_row((1, "a", None, None))
                raise RuntimeError("client gave up")
        assert e.value.diag.message_primary == "COPY from stdin failed: error from Python: RuntimeError - client gave up"
        assert e.value.sqlstate == "57014"
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_copy_errors_at_analysis(server):
    with server.connect(dbname="copy_analysis") as conn:
        make_items(conn)
        cases = [
            ("COPY items TO '/tmp/x.csv'", errors.InsufficientPrivilege,
             "must be superuser or have privileges of the pg_write_server_files role to COPY to a file"),
            ("COPY items FROM '/tmp/x.csv'", errors.InsufficientPrivilege,
             "must be superuser or have privileges of the pg_read_server_files role to COPY from a file"),
            ("COPY items TO PROGRAM 'cat'", errors.InsufficientPrivilege,
             "must be superuser or have privileges of the pg_execute_server_program role to COPY to or from an "
             "external program"),
            ("COPY nope FROM STDIN", errors.UndefinedTable, 'relation "nope" does not exist'),
            ("COPY items (id, id) FROM STDIN", errors.DuplicateColumn, 'column "id" specified more than once'),
            ("COPY items (nope) FROM STDIN", errors.UndefinedColumn, 'column "nope" of relation "items" does not exist'),
            ("COPY items (id) TO STDOUT (FORMAT csv, FORCE_QUOTE (name))", errors.InvalidColumnReference,
             'FORCE_QUOTE column "name" not referenced by COPY'),
            ("COPY items TO STDOUT (FORMAT text, FORCE_QUOTE *)", errors.FeatureNotSupported,
             "COPY force quote available only in CSV mode"),
            ("COPY items TO STDOUT (FORMAT binary)", errors.FeatureNotSupported,
             "COPY in binary format is not supported by ormgate yet"),
            ("COPY (INSERT INTO items (id) VALUES (1)) TO STDOUT", errors.FeatureNotSupported,
             "COPY query must have a RETURNING clause"),
        ]
        for sql, exc, message in cases:
            with pytest.raises(exc) as e:
                conn.execute(sql)
            assert e.value.diag.message_primary == message, sql
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)


# ---------------------------------------------------------------- psycopg


def test_psycopg_copy_write_row(server):
    with server.connect(dbname="copy_psycopg") as conn:
        conn.execute("CREATE TABLE pc (id int PRIMARY KEY, name text, at timestamptz, tags text[], ok bool)")
        with conn.cursor() as cur:
            with cur.copy("COPY pc (id, name, at, tags, ok) FROM STDIN") as cp:
                cp.write_row((1, "tab\there\nnewline", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), ["x", "y z"], True))
                cp.write_row((2, None, None, None, None))
                cp.write_row((3, "back\\slash", "2024-06-30 12:00:00+02", [], False))
            assert cur.rowcount == 3
            assert cur.statusmessage == "COPY 3"
        assert conn.execute("SELECT id, name, at, tags, ok FROM pc ORDER BY id").fetchall() == [
            (1, "tab\there\nnewline", dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC), ["x", "y z"], True),
            (2, None, None, None, None),
            (3, "back\\slash", dt.datetime(2024, 6, 30, 10, 0, tzinfo=UTC), [], False),
        ]
        with conn.cursor() as cur:
            with cur.copy("COPY (SELECT id, name, ok FROM pc ORDER BY id) TO STDOUT") as cp:
                assert list(cp.rows()) == [("1", "tab\there\nnewline", "t"), ("2", None, None), ("3", "back\\slash", "f")]
            assert cur.rowcount == 3


def test_copy_in_transaction(server):
    """Inside BEGIN the copy uses the transaction: visible to it, gone with ROLLBACK; an error fails it."""
    with server.connect(dbname="copy_tx", autocommit=False) as conn:
        make_items(conn)
        conn.commit()
        with conn.cursor().copy("COPY items (id, name) FROM STDIN") as cp:
            cp.write_row((1, "a"))
            cp.write_row((2, "b"))
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (2,)
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)
        conn.execute("INSERT INTO items (id) VALUES (10)")
        with conn.cursor().copy("COPY items (id, name) FROM STDIN") as cp:
            cp.write_row((11, "c"))
        conn.commit()
        assert conn.execute("SELECT id FROM items ORDER BY id").fetchall() == [(10,), (11,)]
        conn.commit()
        with pytest.raises(errors.InvalidTextRepresentation):
            with conn.cursor().copy("COPY items (id) FROM STDIN") as cp:
                cp.write(b"x\n")
        assert conn.info.transaction_status == psycopg.pq.TransactionStatus.INERROR
        conn.rollback()
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (2,)


# ---------------------------------------------------------------- the protocol, byte by byte


def copy_data(b):
    return w.msg("d", b)


def test_copy_error_comes_at_once(server):
    """As PostgreSQL: an error ends COPY FROM with ErrorResponse + ReadyForQuery before the client's
    CopyDone; CopyData and CopyDone that follow are ignored."""
    with server.connect(dbname="copy_wire") as conn:
        make_items(conn)
    with server.session(database="copy_wire") as c:
        c.send(w.query("COPY items (id, name) FROM STDIN"))
        kind, payload = c.recv()
        assert kind == "G" and payload == struct.pack("!bhhh", 0, 2, 0, 0)
        c.send(copy_data(b"1\ta\nx\tb\n"))
        msgs = c.recv_until("Z")
        assert [k for k, _ in msgs] == ["E", "Z"]
        err = w.parse_error_fields(msgs[0][1])
        assert err["code"] == "22P02" and err["message"] == 'invalid input syntax for type integer: "x"'
        assert msgs[1][1] == b"I"
        c.send(copy_data(b"3\tc\n") + w.msg("c"))
        assert c.query_rows("SELECT count(*) FROM items") == [["0"]]


def test_copy_then_more_statements(server):
    """Flush and Sync are ignored during COPY FROM; the rest of a simple Query runs after CopyDone."""
    with server.connect(dbname="copy_multi") as conn:
        make_items(conn)
    with server.session(database="copy_multi") as c:
        c.send(w.query("COPY items (id, name) FROM STDIN; SELECT count(*) FROM items"))
        assert c.recv()[0] == "G"
        c.send(copy_data(b"1\ta\n2\t") + w.flush() + w.sync() + copy_data(b"b\n\\.\n") + w.msg("c"))
        msgs = c.recv_until("Z")
        assert [k for k, _ in msgs] == ["C", "T", "D", "C", "Z"]
        assert msgs[0][1] == b"COPY 2\0"
        assert w.parse_data_row(msgs[2][1]) == [b"2"]


def test_copy_fail_message_and_unexpected_message(server):
    with server.connect(dbname="copy_fail_wire") as conn:
        make_items(conn)
    with server.session(database="copy_fail_wire") as c:
        c.send(w.query("COPY items (id) FROM STDIN"))
        assert c.recv()[0] == "G"
        c.send(copy_data(b"1\n") + w.msg("f", b"no more\0"))
        msgs = c.recv_until("Z")
        err = w.parse_error_fields(msgs[0][1])
        assert (err["code"], err["message"]) == ("57014", "COPY from stdin failed: no more")
        assert c.query_rows("SELECT count(*) FROM items") == [["0"]]
        # another message: an error, then FATAL and the end of the session (the copy is lost)
        c.send(w.query("COPY items (id) FROM STDIN"))
        assert c.recv()[0] == "G"
        c.send(copy_data(b"1\n") + w.query("SELECT 1"))
        first, second = [w.parse_error_fields(p) for k, p in (c.recv(), c.recv())]
        assert (first["severity"], first["code"], first["message"]) == (
            "ERROR", "08P01", "unexpected message type 0x51 during COPY from stdin")
        assert (second["severity"], second["code"], second["message"]) == (
            "FATAL", "08P01", "terminating connection because protocol synchronization was lost")
        assert c.closed_by_server()
    with server.connect(dbname="copy_fail_wire") as conn:
        assert conn.execute("SELECT count(*) FROM items").fetchone() == (0,)


def test_copy_extended_protocol(server):
    """Parse/Bind/Execute of COPY: NoData at Describe, the copy, CommandComplete; Sync is ignored
    during the copy (libpq sends another after CopyDone)."""
    with server.connect(dbname="copy_ext") as conn:
        make_items(conn)
    with server.session(database="copy_ext") as c:
        c.send(w.parse("", "COPY items (id, name) FROM STDIN (FORMAT csv)") + w.bind("", "") +
               w.describe("P", "") + w.execute("") + w.sync())
        assert [k for k, _ in [c.recv(), c.recv(), c.recv(), c.recv()]] == ["1", "2", "n", "G"]
        c.send(copy_data(b'1,"a,b"\n2,\n') + w.msg("c") + w.sync())
        msgs = c.recv_until("Z")
        assert [k for k, _ in msgs] == ["C", "Z"] and msgs[0][1] == b"COPY 2\0"
        assert c.query_rows("SELECT id, name FROM items ORDER BY id") == [["1", "a,b"], ["2", None]]
        c.send(w.parse("", "COPY items TO STDOUT (FORMAT csv)") + w.bind("", "") + w.execute("") + w.sync())
        msgs = c.recv_until("Z")
        assert [k for k, _ in msgs] == ["1", "2", "H", "d", "d", "c", "C", "Z"]
        assert [p for k, p in msgs if k == "d"] == [b'1,"a,b",,\n', b"2,,,\n"]


# ---------------------------------------------------------------- PREPARE / EXECUTE / DEALLOCATE


PREPARE_SCRIPT = [
    "CREATE TABLE city (id int PRIMARY KEY, name text NOT NULL, pop int)",
    "INSERT INTO city VALUES (1, 'Oslo', 700000), (2, 'Lima', 10000000)",
    "PREPARE by_id (int) AS SELECT name, pop FROM city WHERE id = $1",
    "EXECUTE by_id(2)",
    "PREPARE add (int, text) AS INSERT INTO city (id, name) VALUES ($1, $2) RETURNING id, name",
    "EXECUTE add(3, 'Bern')",
    "PREPARE grow AS UPDATE city SET pop = coalesce(pop, 0) + $2 WHERE id = $1",
    "EXECUTE grow(3, '140000')",
    "EXECUTE by_id(3.4)",
    "DEALLOCATE grow",
    "DEALLOCATE ALL",
]


def test_prepare_execute_psql(server):
    assert psql_lines(server, "prep_psql", *PREPARE_SCRIPT) == [
        "CREATE TABLE", "INSERT 0 2", "PREPARE", "Lima|10000000", "PREPARE", "3|Bern", "INSERT 0 1", "PREPARE",
        "UPDATE 1", "Bern|140000", "DEALLOCATE", "DEALLOCATE ALL",
    ]
    r = server.psql(dbname="prep_psql", args=("-c", "PREPARE p (int, int) AS SELECT $1 + $2", "-c", "EXECUTE p(1)"))
    assert r.returncode != 0
    assert 'ERROR:  wrong number of parameters for prepared statement "p"\nDETAIL:  Expected 2 parameters but got 1.' \
        in r.stderr


def test_prepare_execute_psycopg(server):
    with server.connect(dbname="prep_psycopg") as conn:
        conn.execute("CREATE TABLE city (id int PRIMARY KEY, name text NOT NULL, pop int)")
        conn.execute("INSERT INTO city VALUES (1, 'Oslo', 700000), (2, 'Lima', 10000000)")
        conn.execute("PREPARE big AS SELECT name FROM city WHERE pop > $1 ORDER BY name")
        cur = conn.execute("EXECUTE big(500000)")
        assert [d.name for d in cur.description] == ["name"]
        assert cur.fetchall() == [("Lima",), ("Oslo",)]
        assert conn.execute("EXECUTE big('1000000')").fetchall() == [("Lima",)]
        # one namespace with protocol-level statements
        with pytest.raises(errors.DuplicatePreparedStatement) as e:
            conn.execute("PREPARE big AS SELECT 1")
        assert e.value.diag.message_primary == 'prepared statement "big" already exists'
        with pytest.raises(errors.InvalidTextRepresentation) as e:
            conn.execute("EXECUTE big('many')")
        assert e.value.diag.message_primary == 'invalid input syntax for type integer: "many"'
        assert e.value.diag.statement_position == "13"
        with pytest.raises(errors.UndefinedParameter):
            conn.execute("EXECUTE big(%s)", (1,))  # a utility statement has no parameters (as PostgreSQL)
        with pytest.raises(errors.UndefinedTable):
            conn.execute("PREPARE bad AS SELECT * FROM nope")
        conn.execute("DEALLOCATE big")
        with pytest.raises(errors.InvalidSqlStatementName) as e:
            conn.execute("EXECUTE big(1)")
        assert e.value.diag.message_primary == 'prepared statement "big" does not exist'
        with pytest.raises(errors.InvalidSqlStatementName):
            conn.execute("DEALLOCATE big")
        # one namespace: DEALLOCATE ALL drops what psycopg prepared through the protocol (psycopg does not
        # notice, and gets 26000 exactly as from PostgreSQL 15)
        assert conn.execute("SELECT name FROM city WHERE id = %s", (1,), prepare=True).fetchone() == ("Oslo",)
        conn.execute("DEALLOCATE ALL")
        with pytest.raises(errors.InvalidSqlStatementName) as e:
            conn.execute("SELECT name FROM city WHERE id = %s", (2,), prepare=True)
        assert e.value.diag.message_primary == 'prepared statement "_pg3_0" does not exist'
