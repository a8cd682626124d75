"""The EntityManager inside transactions (proxy/uow.c, orm/em.h), flush mode auto.

Asserted through SHOW ormgate.stats (this session's backend round trips, identity-map
hits, flushes and flushed change sets) and through what a second session, or the
same one after COMMIT, finds in the backend.
"""

import psycopg
import pytest
from psycopg import errors
from psycopg.pq import TransactionStatus


def stats(conn):
    r = conn.execute("SHOW ormgate.stats").fetchone()
    return {"roundtrips": r[0], "hits": r[1], "flushes": r[2], "flushed": r[3]}


def delta(conn, before):
    after = stats(conn)
    return {k: after[k] - before[k] for k in after}


SCHEMA = [
    "CREATE TABLE author (id int PRIMARY KEY, name text NOT NULL UNIQUE, score int NOT NULL DEFAULT 0"
    " CHECK (score >= 0))",
    "CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL REFERENCES author ON DELETE CASCADE,"
    " title varchar(20) NOT NULL)",
]


@pytest.fixture
def conn(server, request):
    name = "uow_" + request.node.name[5:40]
    with server.connect(dbname=name) as c:
        for ddl in SCHEMA:
            c.execute(ddl)
        yield c


def test_write_transaction_costs_few_roundtrips_at_commit(conn):
    before = stats(conn)
    conn.execute("BEGIN")
    for i in range(1, 51):
        assert conn.execute("INSERT INTO author (id, name) VALUES (%s, %s) RETURNING id",
                            (i, f"a{i}")).fetchone() == (i,)
        conn.execute("INSERT INTO book (id, author_id, title) VALUES (%s, %s, %s)", (i, i, f"t{i}"))
    for i in range(1, 51):
        assert conn.execute("UPDATE author SET score = score + %s WHERE id = %s", (i, i)).rowcount == 1
    for i in range(31, 51):
        assert conn.execute("DELETE FROM book WHERE id = %s", (i,)).rowcount == 1
    assert delta(conn, before)["roundtrips"] == 0  # nothing reached the backend yet
    at_commit = stats(conn)
    conn.execute("COMMIT")
    d = delta(conn, at_commit)
    assert 0 < d["roundtrips"] <= 6  # BEGIN, one INSERT per table, COMMIT
    assert d["flushes"] == 1
    assert d["flushed"] == 80  # 50 authors + 30 books: the updates merged, the deleted books never written
    assert conn.execute("SELECT count(*), sum(score) FROM author").fetchone() == (50, sum(range(1, 51)))
    assert conn.execute("SELECT count(*) FROM book").fetchone() == (30,)


def test_find_by_pk_twice_is_one_read(conn):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    conn.execute("BEGIN")
    before = stats(conn)
    assert conn.execute("SELECT name FROM author WHERE id = 1").fetchone() == ("ann",)
    first = delta(conn, before)
    assert conn.execute("SELECT name, score FROM author WHERE id = %s", (1,)).fetchone() == ("ann", 0)
    second = delta(conn, before)
    assert second["roundtrips"] == first["roundtrips"]  # served from the identity map
    assert second["hits"] == first["hits"] + 1
    assert conn.execute("SELECT name FROM author WHERE id = 2").fetchone() is None
    conn.execute("COMMIT")


def test_reads_see_own_writes(conn):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann'), (2, 'bob')")
    conn.execute("UPDATE author SET name = 'anna' WHERE id = 1")
    assert conn.execute("SELECT name FROM author WHERE id = 1").fetchone() == ("anna",)
    # a query the identity map cannot answer flushes first
    assert conn.execute("SELECT id, name FROM author ORDER BY id").fetchall() == [(1, "anna"), (2, "bob")]
    conn.execute("DELETE FROM author WHERE id = 2")
    assert conn.execute("SELECT count(*) FROM author").fetchone() == (1,)
    conn.execute("COMMIT")
    assert conn.execute("SELECT id, name FROM author").fetchall() == [(1, "anna")]


def test_rollback_leaves_backend_untouched(conn, server):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    before = stats(conn)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (2, 'bob')")
    conn.execute("INSERT INTO book VALUES (1, 2, 'x')")
    conn.execute("ROLLBACK")
    assert delta(conn, before)["roundtrips"] == 0
    assert conn.execute("SELECT id FROM author").fetchall() == [(1,)]


def test_duplicate_in_unit_of_work_fails_on_the_statement(conn):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    with pytest.raises(errors.UniqueViolation) as e:
        conn.execute("INSERT INTO author (id, name) VALUES (2, 'ann')")
    assert e.value.diag.constraint_name == "author_name_key"
    assert e.value.diag.message_detail == "Key (name)=(ann) already exists."
    assert conn.info.transaction_status == TransactionStatus.INERROR
    conn.execute("ROLLBACK")


def test_unique_violation_at_commit_stores_nothing(conn):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (3, 'ann')")  # the backend holds 'ann': not managed here
    with pytest.raises(errors.UniqueViolation) as e:
        conn.execute("COMMIT")
    assert e.value.diag.constraint_name == "author_name_key"
    assert e.value.diag.message_detail == "Key (name)=(ann) already exists."  # a batch of one row names it
    conn.execute("BEGIN")
    conn.execute("INSERT INTO book (id, author_id, title) VALUES (1, 99, 'x')")
    with pytest.raises(errors.ForeignKeyViolation) as e:
        conn.execute("COMMIT")
    assert e.value.diag.constraint_name == "book_author_id_fkey"
    assert e.value.diag.message_detail == 'Key (author_id)=(99) is not present in table "author".'
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (2, 'bob')")
    conn.execute("INSERT INTO author (id, name) VALUES (3, 'ann')")
    with pytest.raises(errors.UniqueViolation):
        conn.execute("COMMIT")
    assert conn.info.transaction_status == TransactionStatus.IDLE
    assert conn.execute("SELECT id FROM author ORDER BY id").fetchall() == [(1,)]


def test_validation_at_statement_time(conn):
    conn.execute("BEGIN")
    with pytest.raises(errors.CheckViolation) as e:
        conn.execute("INSERT INTO author (id, name, score) VALUES (1, 'ann', -1)")
    assert e.value.diag.constraint_name == "author_score_check"
    assert e.value.diag.message_detail == "Failing row contains (1, ann, -1)."
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    with pytest.raises(errors.NotNullViolation):
        conn.execute("INSERT INTO author (id, name) VALUES (1, NULL)")
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    with pytest.raises(errors.StringDataRightTruncation):
        conn.execute("INSERT INTO book VALUES (1, 1, 'a title longer than twenty')")
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    with pytest.raises(errors.CheckViolation):
        conn.execute("UPDATE author SET score = score - 5 WHERE id = 1")
    conn.execute("ROLLBACK")
    assert conn.execute("SELECT count(*) FROM author").fetchone() == (0,)


def test_always_mode_gives_postgres_error_timing(conn):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    conn.execute("SET ormgate.flush_mode = always")
    conn.execute("BEGIN")
    with pytest.raises(errors.UniqueViolation):
        conn.execute("INSERT INTO author (id, name) VALUES (1, 'dup')")
    conn.execute("ROLLBACK")
    conn.execute("RESET ormgate.flush_mode")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'dup')")  # auto: reported at COMMIT
    with pytest.raises(errors.UniqueViolation):
        conn.execute("COMMIT")


def test_cascade_three_levels(conn):
    conn.execute("CREATE TABLE chapter (id int PRIMARY KEY, book_id int NOT NULL REFERENCES book ON DELETE CASCADE)")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann'), (2, 'bob')")
    conn.execute("INSERT INTO book VALUES (1, 1, 'x'), (2, 1, 'y'), (3, 2, 'z')")
    conn.execute("INSERT INTO chapter VALUES (1, 1), (2, 1), (3, 2), (4, 3)")
    conn.execute("BEGIN")
    assert conn.execute("SELECT title FROM book WHERE id = 2").fetchone() == ("y",)  # managed now
    assert conn.execute("DELETE FROM author WHERE id = 1").rowcount == 1
    assert conn.execute("SELECT title FROM book WHERE id = 2").fetchone() is None  # cascaded in memory
    conn.execute("COMMIT")
    assert conn.execute("SELECT id FROM book").fetchall() == [(3,)]
    assert conn.execute("SELECT id FROM chapter").fetchall() == [(4,)]


def test_self_referencing_tree_in_one_transaction(conn):
    conn.execute("CREATE TABLE category (id int PRIMARY KEY, parent_id int REFERENCES category, name text)")
    conn.execute("BEGIN")
    # leaves first: the commit order puts parents before children
    conn.execute("INSERT INTO category VALUES (4, 2, 'leaf'), (3, 1, 'b')")
    conn.execute("INSERT INTO category VALUES (2, 1, 'a')")
    conn.execute("INSERT INTO category VALUES (1, NULL, 'root')")
    conn.execute("COMMIT")
    assert conn.execute("SELECT count(*) FROM category").fetchone() == (4,)
    conn.execute("BEGIN")
    for i in (1, 2, 3, 4):  # parents first: the commit order deletes children first
        assert conn.execute("DELETE FROM category WHERE id = %s", (i,)).rowcount == 1
    conn.execute("COMMIT")
    assert conn.execute("SELECT count(*) FROM category").fetchone() == (0,)


def test_savepoint_flushes_and_rollback_to_discards(conn):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    before = stats(conn)
    conn.execute("SAVEPOINT s")
    assert delta(conn, before)["flushes"] == 1  # what came before the savepoint is in the backend
    conn.execute("INSERT INTO author (id, name) VALUES (2, 'bob')")
    conn.execute("UPDATE author SET score = 5 WHERE id = 1")
    conn.execute("ROLLBACK TO SAVEPOINT s")
    assert conn.execute("SELECT id, score FROM author ORDER BY id").fetchall() == [(1, 0)]
    conn.execute("INSERT INTO author (id, name) VALUES (3, 'cy')")
    conn.execute("COMMIT")
    assert conn.execute("SELECT id FROM author ORDER BY id").fetchall() == [(1,), (3,)]


def test_other_session_sees_nothing_before_commit(conn, server):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    with server.connect(dbname=conn.info.dbname) as other:
        assert other.execute("SELECT count(*) FROM author").fetchone() == (0,)
    conn.execute("COMMIT")
    with server.connect(dbname=conn.info.dbname) as other:
        assert other.execute("SELECT count(*) FROM author").fetchone() == (1,)


def test_serial_keys_come_from_ormgate_blocks(conn):
    conn.execute("CREATE TABLE tag (id serial PRIMARY KEY, label text NOT NULL)")
    conn.execute("CREATE TABLE post (id bigserial PRIMARY KEY, tag_id int REFERENCES tag, body text)")
    assert conn.execute("INSERT INTO tag (label) VALUES ('native') RETURNING id").fetchone() == (1,)
    conn.execute("BEGIN")
    ids = [conn.execute("INSERT INTO tag (label) VALUES (%s) RETURNING id", (f"t{i}",)).fetchone()[0]
           for i in range(40)]
    assert ids == sorted(ids) and len(set(ids)) == 40 and ids[0] > 1
    before = stats(conn)
    post = conn.execute("INSERT INTO post (tag_id, body) VALUES (%s, 'x'), (%s, 'y') RETURNING id, tag_id",
                        (ids[0], ids[1])).fetchall()
    assert [t for _, t in post] == ids[:2]
    d = delta(conn, before)
    assert d["flushes"] == 0  # RETURNING id answered without a flush (one key block reserved)
    assert conn.execute("SELECT label FROM tag WHERE id = %s", (ids[5],)).fetchone() == ("t5",)
    conn.execute("COMMIT")
    assert conn.execute("SELECT count(*), min(id) > 1 FROM tag WHERE label <> 'native'").fetchone() == (40, True)
    # after the transaction the backend's own generator stays above what ormgate handed out
    native = conn.execute("INSERT INTO tag (label) VALUES ('again') RETURNING id").fetchone()[0]
    assert native > max(ids)
    # blocks reserved outside a transaction are committed at once and serve the next transactions:
    # inserts with RETURNING id cost no backend call before COMMIT once a block is there
    conn.execute("BEGIN")
    conn.execute("INSERT INTO tag (label) VALUES ('warm') RETURNING id")
    before = stats(conn)
    more = [conn.execute("INSERT INTO tag (label) VALUES ('m') RETURNING id").fetchone()[0] for _ in range(5)]
    assert delta(conn, before)["roundtrips"] == 0
    conn.execute("COMMIT")
    assert len(set(more)) == 5
    # a rolled-back reservation is not a duplicate later
    conn.execute("BEGIN")
    a = conn.execute("INSERT INTO tag (label) VALUES ('r') RETURNING id").fetchone()[0]
    conn.execute("ROLLBACK")
    conn.execute("BEGIN")
    b = conn.execute("INSERT INTO tag (label) VALUES ('s') RETURNING id").fetchone()[0]
    conn.execute("COMMIT")
    assert len({a, b, native, *more, *ids}) == 3 + len(more) + len(ids)  # never handed out twice
    assert conn.execute("SELECT count(*) FROM tag WHERE id = %s", (b,)).fetchone() == (1,)


def test_flush_mode_from_the_database_line(make_server):
    s = make_server(databases="* = driver=sqlite dsn=data/%d.sqlite3 flush_mode=always")
    with s.connect(dbname="fm") as c:
        assert c.execute("SHOW ormgate.flush_mode").fetchone() == ("always",)
        c.execute("CREATE TABLE t (id int PRIMARY KEY)")
        c.execute("INSERT INTO t VALUES (1)")
        c.execute("BEGIN")
        with pytest.raises(errors.UniqueViolation):
            c.execute("INSERT INTO t VALUES (1)")  # at once: PostgreSQL's timing
        c.execute("ROLLBACK")
        c.execute("SET ormgate.flush_mode = auto")
        assert c.execute("SHOW ormgate.flush_mode").fetchone() == ("auto",)
        c.execute("RESET ormgate.flush_mode")
        assert c.execute("SHOW ormgate.flush_mode").fetchone() == ("always",)


def test_show_identity_map_and_unit_of_work(conn):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann'), (2, 'bob'), (3, 'cy')")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (4, 'dee')")
    conn.execute("UPDATE author SET score = 7, name = 'anna' WHERE id = 1")
    conn.execute("DELETE FROM author WHERE id = 2")
    assert conn.execute("SELECT name FROM author WHERE id = 3").fetchone() == ("cy",)
    im = sorted(conn.execute("SHOW ormgate.identity_map").fetchall())
    assert im == [("author", "1", "managed", "name, score"), ("author", "2", "removed", ""),
                  ("author", "3", "managed", ""), ("author", "4", "new", "")]
    uw = sorted(conn.execute("SHOW ormgate.unit_of_work").fetchall())
    assert uw == [("delete", "author", "2", ""), ("insert", "author", "4", ""),
                  ("update", "author", "1", "name, score")]
    conn.execute("COMMIT")
    assert conn.execute("SHOW ormgate.unit_of_work").fetchall() == []
    assert conn.execute("SHOW ormgate.identity_map").fetchall() == []  # transaction scope


def test_session_scope_keeps_the_map_until_someone_writes(make_server):
    s = make_server(identity_map_scope="session")
    with s.connect(dbname="scope") as c, s.connect(dbname="scope") as other:
        c.execute("CREATE TABLE t (id int PRIMARY KEY, v text)")
        c.execute("INSERT INTO t VALUES (1, 'a')")
        c.execute("BEGIN")
        assert c.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("a",)
        c.execute("COMMIT")
        before = stats(c)
        c.execute("BEGIN")
        assert c.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("a",)  # kept across transactions
        c.execute("COMMIT")
        d = delta(c, before)
        assert d["hits"] == 1 and d["roundtrips"] == 0
        other.execute("UPDATE t SET v = 'b' WHERE id = 1")  # another session's commit
        c.execute("BEGIN")
        assert c.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("b",)  # the map forgot it
        c.execute("UPDATE t SET v = 'c' WHERE id = 1")
        c.execute("COMMIT")
        assert other.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("c",)
        before = stats(c)
        c.execute("BEGIN")
        assert c.execute("SELECT v FROM t WHERE id = 1").fetchone() == ("c",)  # its own commit kept it
        c.execute("ROLLBACK")
        assert delta(c, before)["hits"] == 1
        c.execute("ALTER TABLE t ADD COLUMN n int")  # a schema change: entities of the old shape go
        c.execute("BEGIN")
        assert c.execute("SELECT * FROM t WHERE id = 1").fetchone() == (1, "c", None)
        c.execute("COMMIT")


def test_reads_of_other_tables_do_not_flush(conn):
    conn.execute("CREATE TABLE other (id int PRIMARY KEY)")
    conn.execute("INSERT INTO other VALUES (1)")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    before = stats(conn)
    assert conn.execute("SELECT count(*) FROM other").fetchone() == (1,)
    assert delta(conn, before)["flushes"] == 0
    assert conn.execute("SELECT count(*) FROM author").fetchone() == (1,)  # reads author: flushed first
    assert delta(conn, before)["flushes"] == 1
    conn.execute("COMMIT")


def test_whole_rows_of_a_query_are_registered(conn):
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann'), (2, 'bob')")
    conn.execute("BEGIN")
    rows = conn.execute("SELECT * FROM author WHERE score >= 0 ORDER BY id").fetchall()
    assert [r[0] for r in rows] == [1, 2]
    before = stats(conn)
    assert conn.execute("SELECT name FROM author WHERE id = 2").fetchone() == ("bob",)
    d = delta(conn, before)
    assert d["hits"] == 1 and d["roundtrips"] == 0
    conn.execute("SELECT id, name FROM author WHERE id > 0").fetchall()  # not whole rows: not registered
    conn.execute("COMMIT")


def test_identity_options_in_and_out_of_the_unit_of_work(conn):
    conn.execute("CREATE TABLE seqd (id int PRIMARY KEY, code int GENERATED BY DEFAULT AS IDENTITY"
                 " (START WITH 100 INCREMENT BY 10), label text)")
    conn.execute("CREATE TABLE down (id int GENERATED ALWAYS AS IDENTITY (INCREMENT BY -1) PRIMARY KEY, v text)")
    assert conn.execute("INSERT INTO seqd (id, label) VALUES (1, 'a') RETURNING code").fetchone() == (100,)
    conn.execute("BEGIN")
    got = [conn.execute("INSERT INTO seqd (id, label) VALUES (%s, 'b') RETURNING code", (i,)).fetchone()[0]
           for i in (2, 3)]
    assert got == [110, 120]
    assert [conn.execute("INSERT INTO down (v) VALUES ('x') RETURNING id").fetchone()[0] for _ in range(2)] == [-1, -2]
    conn.execute("COMMIT")
    later = conn.execute("INSERT INTO seqd (id, label) VALUES (4, 'c') RETURNING code").fetchone()[0]
    assert later > 120 and (later - 100) % 10 == 0  # a later block of the same sequence
    assert conn.execute("INSERT INTO down (v) VALUES ('y') RETURNING id").fetchone()[0] < -2


def test_another_sessions_ddl_does_not_drop_pending_changes(conn, server):
    conn.execute("BEGIN")
    conn.execute("INSERT INTO author (id, name) VALUES (1, 'ann')")
    with server.connect(dbname=conn.info.dbname) as other:
        other.execute("CREATE TABLE unrelated (id int PRIMARY KEY)")  # a new schema generation
    conn.execute("INSERT INTO author (id, name) VALUES (2, 'bob')")
    conn.execute("COMMIT")
    assert conn.execute("SELECT id FROM author ORDER BY id").fetchall() == [(1,), (2,)]
