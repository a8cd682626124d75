"""DDL inside BEGIN ... COMMIT: transactional, as in PostgreSQL.

The transaction sees its own schema changes at once; other sessions see them only
after COMMIT; ROLLBACK and ROLLBACK TO undo them, in the backend and in ormgate's
metadata alike.
"""

import pytest
from psycopg import errors


def test_create_table_rolled_back(server):
    with server.connect(dbname="ddltx1") as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, name text)")
        conn.execute("INSERT INTO t VALUES (1, 'a')")
        assert conn.execute("SELECT name FROM t WHERE id = 1").fetchone() == ("a",)
        with server.connect(dbname="ddltx1") as other:
            with pytest.raises(errors.UndefinedTable):
                other.execute("SELECT * FROM t")
        conn.execute("ROLLBACK")
        with pytest.raises(errors.UndefinedTable):
            conn.execute("SELECT * FROM t")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY)")  # the name is free again
        assert [r[0] for r in conn.execute("SHOW ormgate.entities").fetchall()] == ["t"]


def test_ddl_committed_is_seen_by_everyone(make_server):
    server = make_server()
    with server.connect(dbname="ddltx2") as conn:
        conn.execute("CREATE TABLE a (id int PRIMARY KEY)")
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE a ADD COLUMN note text DEFAULT 'n'")
        conn.execute("CREATE TABLE b (id int PRIMARY KEY, a_id int REFERENCES a)")
        conn.execute("INSERT INTO a (id) VALUES (1)")
        conn.execute("INSERT INTO b VALUES (1, 1)")
        with server.connect(dbname="ddltx2") as other:
            cur = other.execute("SELECT * FROM a")
            assert [d.name for d in cur.description] == ["id"]
        conn.execute("COMMIT")
        with server.connect(dbname="ddltx2") as other:
            assert other.execute("SELECT * FROM a").fetchall() == [(1, "n")]
            assert other.execute("SELECT a_id FROM b").fetchall() == [(1,)]
    # and after a restart (the schema table was written in the same transaction)
    server.stop()
    server.start()
    with server.connect(dbname="ddltx2") as conn:
        assert conn.execute("SELECT * FROM a").fetchall() == [(1, "n")]


def test_rollback_to_savepoint_undoes_ddl(server):
    with server.connect(dbname="ddltx3") as conn:
        conn.execute("CREATE TABLE a (id int PRIMARY KEY)")
        conn.execute("BEGIN")
        conn.execute("ALTER TABLE a ADD COLUMN x int")
        conn.execute("SAVEPOINT s")
        conn.execute("ALTER TABLE a ADD COLUMN y int")
        conn.execute("DROP TABLE a")
        with pytest.raises(errors.UndefinedTable):
            conn.execute("SELECT * FROM a")
        conn.execute("ROLLBACK TO SAVEPOINT s")
        cur = conn.execute("SELECT * FROM a")
        assert [d.name for d in cur.description] == ["id", "x"]
        conn.execute("COMMIT")
        cur = conn.execute("SELECT * FROM a")
        assert [d.name for d in cur.description] == ["id", "x"]


def test_failed_transaction_drops_its_ddl(server):
    with server.connect(dbname="ddltx4") as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE t (id int PRIMARY KEY)")
        with pytest.raises(errors.DivisionByZero):
            conn.execute("SELECT 1 / 0")
        assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
        with pytest.raises(errors.UndefinedTable):
            conn.execute("SELECT * FROM t")
