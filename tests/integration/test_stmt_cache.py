"""The statement cache (proxy/stmtcache.h) and prepared statements across DDL.

A statement that comes again is served from the worker's cache (the counters of
SHOW ormgate.statement_cache prove it), and a cached or prepared statement never
answers with a schema that DDL has since changed.
"""

import psycopg
import pytest
from psycopg import errors


def stats(conn):
    return conn.execute("SHOW ormgate.statement_cache").fetchone()


@pytest.fixture
def one_worker(make_server):
    return make_server(workers=1)


def test_repeated_simple_query_hits_the_cache(one_worker):
    with one_worker.connect(dbname="cache") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
        conn.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')")
        h0, m0, _ = stats(conn)
        q = "SELECT name FROM t WHERE id = 2"
        for _ in range(5):
            assert conn.execute(q).fetchone() == ("b",)  # psycopg sends no parameters: simple query
        h1, m1, n1 = stats(conn)
        assert h1 - h0 >= 4
        assert n1 >= 1
        # another session on the same worker shares the entry
        with one_worker.connect(dbname="cache") as other:
            h2 = stats(other)[0]
            assert other.execute(q).fetchone() == ("b",)
            assert stats(other)[0] == h2 + 1


def test_extended_parse_hits_the_cache(one_worker):
    with one_worker.connect(dbname="cache") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v int)")
        conn.execute("INSERT INTO t VALUES (1, 10), (2, 20)")
        h0 = stats(conn)[0]
        for k in (1, 2, 1, 2):
            assert conn.execute("SELECT v FROM t WHERE id = %s", (k,)).fetchone() == (k * 10,)
        assert stats(conn)[0] - h0 >= 3


def test_cached_statement_sees_ddl(one_worker):
    with one_worker.connect(dbname="cache") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
        conn.execute("INSERT INTO t VALUES (1)")
        q = "SELECT * FROM t"
        assert conn.execute(q).fetchall() == [(1,)]
        assert conn.execute(q).fetchall() == [(1,)]
        conn.execute("ALTER TABLE t ADD COLUMN extra text DEFAULT 'x'")
        cur = conn.execute(q)
        assert [d.name for d in cur.description] == ["id", "extra"]
        assert cur.fetchall() == [(1, "x")]
        conn.execute("DROP TABLE t")
        with pytest.raises(errors.UndefinedTable):
            conn.execute(q)


def test_time_literals_are_not_frozen(one_worker):
    with one_worker.connect(dbname="cache") as conn:
        n0 = stats(conn)[2]
        a = conn.execute("SELECT 'now'::timestamptz").fetchone()[0]
        b = conn.execute("SELECT 'now'::timestamptz").fetchone()[0]
        assert b > a
        assert stats(conn)[2] == n0


def test_timezone_is_part_of_the_key(one_worker):
    with one_worker.connect(dbname="cache") as conn:
        q = "SELECT '2024-01-01 12:00:00'::timestamptz::text"
        conn.execute("SET TimeZone = 'UTC'")
        assert conn.execute(q).fetchone() == ("2024-01-01 12:00:00+00",)
        conn.execute("SET TimeZone = 'Europe/Paris'")
        assert conn.execute(q).fetchone() == ("2024-01-01 12:00:00+01",)


def test_prepared_statement_is_translated_again_after_ddl(one_worker):
    with one_worker.connect(dbname="prep") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
        conn.execute("INSERT INTO t VALUES (1, 'a')")
        conn.execute("PREPARE byid (int) AS SELECT name FROM t WHERE id = $1")
        assert conn.execute("EXECUTE byid(1)").fetchone() == ("a",)
        conn.execute("ALTER TABLE t RENAME COLUMN name TO title")
        # PostgreSQL re-plans: the statement's column is gone
        with pytest.raises(errors.UndefinedColumn):
            conn.execute("EXECUTE byid(1)")
        conn.execute("DEALLOCATE byid")
        conn.execute("PREPARE star AS SELECT * FROM t")
        assert conn.execute("EXECUTE star").fetchall() == [(1, "a")]
        conn.execute("ALTER TABLE t ADD COLUMN n int")
        with pytest.raises(errors.FeatureNotSupported, match="cached plan must not change result type"):
            conn.execute("EXECUTE star")


def test_protocol_prepared_statement_follows_ddl(one_worker):
    with one_worker.connect(dbname="prep2") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v int)")
        conn.execute("INSERT INTO t VALUES (1, 5)")
        with conn.cursor() as cur:
            # prepare=True: a named protocol-level statement, bound again for each execution
            assert cur.execute("SELECT v FROM t WHERE id = %s", (1,), prepare=True).fetchone() == (5,)
            conn.execute("DROP TABLE t")
            conn.execute("CREATE TABLE t (id int PRIMARY KEY, v int)")
            conn.execute("INSERT INTO t VALUES (1, 7)")
            assert cur.execute("SELECT v FROM t WHERE id = %s", (1,), prepare=True).fetchone() == (7,)
