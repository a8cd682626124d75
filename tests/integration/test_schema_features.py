"""Schema features on the SQLite backend: entity files, ALTER TABLE across a restart,
COMMENT ON, SHOW ormgate.entities and EXPLAIN.

Each test asserts what a PostgreSQL user would see (values, command tags, SQLSTATEs),
or for ormgate's own statements (SHOW ormgate.entities, EXPLAIN) what
docs/translation.md promises.
"""

import psycopg
import pytest
from psycopg import errors

from conftest import Server


def test_entity_file_creates_tables(make_server, tmp_path):
    ddl = tmp_path / "entities.sql"
    ddl.write_text(
        "CREATE TABLE author (id serial PRIMARY KEY, name text NOT NULL UNIQUE);\n"
        "CREATE TABLE book (id serial PRIMARY KEY, author_id int NOT NULL REFERENCES author ON DELETE CASCADE,"
        " title varchar(20) NOT NULL);\n"
        "CREATE INDEX ON book (author_id);\n"
        "COMMENT ON TABLE book IS 'books';\n")
    s = make_server(databases=f"* = driver=sqlite dsn=data/%d.sqlite3 entities={ddl}")
    with s.connect(dbname="ent") as conn:
        conn.execute("INSERT INTO author (name) VALUES ('ann')")
        cur = conn.execute("INSERT INTO book (author_id, title) VALUES (1, 'first') RETURNING id")
        assert cur.fetchone() == (1,)
        with pytest.raises(errors.StringDataRightTruncation):
            conn.execute("INSERT INTO book (author_id, title) VALUES (1, 'a title longer than twenty')")
        conn.execute("DELETE FROM author WHERE id = 1")
        assert conn.execute("SELECT count(*) FROM book").fetchone() == (0,)
        rows = conn.execute("SHOW ormgate.entities").fetchall()
        assert [r[0] for r in rows] == ["author", "book"]
        assert rows[1][2] == "id"
        assert "ManyToOne author (book_author_id_fkey)" in rows[1][3]
    # a second server on the same data: the stored definitions win, nothing is created twice
    s2 = make_server(databases=f"* = driver=sqlite dsn={s.workdir}/data/%d.sqlite3 entities={ddl}")
    with s2.connect(dbname="ent") as conn:
        assert conn.execute("SELECT count(*) FROM author").fetchone() == (0,)


def test_entity_file_errors_refuse_the_login(make_server, tmp_path):
    ddl = tmp_path / "bad.sql"
    ddl.write_text("CREATE TABLE x (id int PRIMARY KEY REFERENCES nowhere);\n")
    s = make_server(databases=f"* = driver=sqlite dsn=data/%d.sqlite3 entities={ddl}")
    with pytest.raises(psycopg.OperationalError) as e:
        s.connect(dbname="bad")
    assert "entity file" in str(e.value)


def test_alter_table_survives_restart(make_server, tls_files):
    s1 = make_server()
    with s1.connect(dbname="alt") as conn:
        conn.execute("CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL)")
        conn.execute("INSERT INTO item VALUES (1, 'one'), (2, 'two')")
        conn.execute("ALTER TABLE item ADD COLUMN price numeric(6,2) DEFAULT 1.50")
        conn.execute("ALTER TABLE item RENAME COLUMN name TO title")
        conn.execute("ALTER TABLE item ADD CONSTRAINT price_positive CHECK (price > 0)")
        conn.execute("ALTER TABLE item ADD CONSTRAINT title_unique UNIQUE (title)")
        with pytest.raises(errors.CheckViolation) as e:
            conn.execute("ALTER TABLE item ADD CONSTRAINT price_small CHECK (price < 1)")
        assert 'check constraint "price_small" of relation "item" is violated by some row' in str(e.value)
        conn.execute("COMMENT ON COLUMN item.title IS 'the name'")
    assert s1.stop() == 0
    s2 = Server(s1.workdir, *tls_files)
    try:
        s2.start()
        with s2.connect(dbname="alt") as conn:
            assert conn.execute("SELECT id, title, price FROM item ORDER BY id").fetchall() == [
                (1, "one", pytest.approx(1.5)), (2, "two", pytest.approx(1.5))]
            with pytest.raises(errors.CheckViolation) as e:
                conn.execute("INSERT INTO item VALUES (3, 'three', -1)")
            assert e.value.diag.constraint_name == "price_positive"
            with pytest.raises(errors.UniqueViolation) as e:
                conn.execute("INSERT INTO item VALUES (3, 'one', 2)")
            assert e.value.diag.constraint_name == "title_unique"
            with pytest.raises(errors.UndefinedColumn):
                conn.execute("SELECT name FROM item")
    finally:
        s2.stop()


def test_explain(server):
    with server.connect(dbname="expl") as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
        lines = [r[0] for r in conn.execute("EXPLAIN SELECT v FROM t WHERE id = 1").fetchall()]
        assert lines[0] == "find"
        assert lines[2].startswith('  backend (sqlite): SELECT "t"."v" AS "v" FROM "t" WHERE "t"."id" = ?1')
        assert "find by primary key, from the identity map" in lines[1]
        lines = [r[0] for r in conn.execute("EXPLAIN DELETE FROM t WHERE id = 1").fetchall()]
        assert lines[0] == "remove (DELETE) on entity t"
        assert "removal of the managed entity" in lines[1]
        lines = [r[0] for r in conn.execute("EXPLAIN SELECT v FROM t WHERE v = 'x'").fetchall()]
        assert "runs on the backend after a flush" in lines[1]
        lines = [r[0] for r in conn.execute("EXPLAIN INSERT INTO t VALUES ($1, 'x')").fetchall()]
        assert "new entities, deferred to the flush" in lines[1]
        # nothing ran
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
        with pytest.raises(errors.FeatureNotSupported):
            conn.execute("EXPLAIN ANALYZE SELECT 1 FROM t")
