-- DROP TABLE [IF EXISTS], TRUNCATE, CREATE [UNIQUE] INDEX.

CREATE TABLE parent (id int PRIMARY KEY, name text);
-- ok CREATE TABLE

CREATE TABLE child (id serial PRIMARY KEY, parent_id int REFERENCES parent(id), v int);
-- ok CREATE TABLE

INSERT INTO parent VALUES (1, 'p1'), (2, 'p2');
-- ok INSERT 0 2

INSERT INTO child (parent_id, v) VALUES (1, 10), (1, 20), (2, 30);
-- ok INSERT 0 3

CREATE INDEX child_parent_idx ON child (parent_id);
-- ok CREATE INDEX

CREATE INDEX child_parent_idx ON child (v);
-- error 42P07 relation "child_parent_idx" already exists

CREATE INDEX IF NOT EXISTS child_parent_idx ON child (v);
-- ok CREATE INDEX

CREATE INDEX ON child (v DESC);
-- ok CREATE INDEX

CREATE UNIQUE INDEX parent_name_uidx ON parent (name);
-- ok CREATE INDEX

INSERT INTO parent VALUES (3, 'p1');
-- error 23505 duplicate key value violates unique constraint "parent_name_uidx"

CREATE INDEX child_multi_idx ON child (parent_id, v);
-- ok CREATE INDEX

-- a unique index on data with duplicates
CREATE UNIQUE INDEX child_parent_uidx ON child (parent_id);
-- error 23505 could not create unique index "child_parent_uidx"

CREATE INDEX bad_idx ON child (missing_column);
-- error 42703 column "missing_column" does not exist

CREATE INDEX bad_idx ON missing_table (id);
-- error 42P01 relation "missing_table" does not exist

SELECT parent_id, sum(v) FROM child GROUP BY parent_id ORDER BY parent_id;
-- ok SELECT 2
-- cols: parent_id int4 | sum int8
-- row: 1 | 30
-- row: 2 | 30

-- a table referenced by a foreign key cannot be truncated alone
TRUNCATE parent;
-- error 0A000 cannot truncate a table referenced in a foreign key constraint

TRUNCATE child;
-- ok TRUNCATE TABLE

SELECT count(*) FROM child;
-- ok SELECT 1
-- cols: count int8
-- row: 0

-- TRUNCATE keeps the sequence going unless RESTART IDENTITY
INSERT INTO child (parent_id, v) VALUES (1, 1) RETURNING id;
-- ok INSERT 0 1
-- cols: id int4
-- row: 4

TRUNCATE child RESTART IDENTITY;
-- ok TRUNCATE TABLE

INSERT INTO child (parent_id, v) VALUES (1, 1) RETURNING id;
-- ok INSERT 0 1
-- cols: id int4
-- row: 1

TRUNCATE TABLE parent, child;
-- ok TRUNCATE TABLE

SELECT (SELECT count(*) FROM parent) AS parents, (SELECT count(*) FROM child) AS children;
-- ok SELECT 1
-- cols: parents int8 | children int8
-- row: 0 | 0

TRUNCATE missing_table;
-- error 42P01 relation "missing_table" does not exist

-- a table referenced by a foreign key cannot be dropped alone
DROP TABLE parent;
-- error 2BP01 cannot drop table parent because other objects depend on it

DROP TABLE child;
-- ok DROP TABLE

DROP TABLE parent;
-- ok DROP TABLE

SELECT * FROM parent;
-- error 42P01 relation "parent" does not exist

DROP TABLE parent;
-- error 42P01 table "parent" does not exist

DROP TABLE IF EXISTS parent;
-- ok DROP TABLE

CREATE TABLE a (id int PRIMARY KEY);
-- ok CREATE TABLE

CREATE TABLE b (id int PRIMARY KEY);
-- ok CREATE TABLE

DROP TABLE a, b;
-- ok DROP TABLE

SELECT * FROM a;
-- error 42P01 relation "a" does not exist

-- the name is free again
CREATE TABLE a (id int PRIMARY KEY, x text);
-- ok CREATE TABLE

INSERT INTO a VALUES (1, 'again');
-- ok INSERT 0 1

SELECT * FROM a;
-- ok SELECT 1
-- cols: id int4 | x text
-- row: 1 | again

DROP INDEX parent_name_uidx;
-- error 42704 index "parent_name_uidx" does not exist

DROP INDEX IF EXISTS parent_name_uidx;
-- ok DROP INDEX

CREATE TABLE tagged (id int PRIMARY KEY, tag text);
-- ok CREATE TABLE

CREATE UNIQUE INDEX tagged_tag_lower ON tagged (lower(tag));
-- ok CREATE INDEX
-- differs ormgate-sqlite: indexes on expressions are not built yet on SQLite (0A000): the translator would have to render the expression into the index
-- error 0A000 indexes on expressions are not supported by ormgate

INSERT INTO tagged VALUES (1, 'Red');
-- ok INSERT 0 1

INSERT INTO tagged VALUES (2, 'RED');
-- error 23505 duplicate key value violates unique constraint "tagged_tag_lower"
-- differs ormgate-sqlite: the expression index above was refused, so nothing prevents the duplicate
-- ok INSERT 0 1

CREATE TABLE slot (id int PRIMARY KEY, code text, active boolean NOT NULL);
-- ok CREATE TABLE

-- a partial unique index: unique among the active rows only
CREATE UNIQUE INDEX slot_active_code ON slot (code) WHERE active;
-- ok CREATE INDEX
-- differs ormgate-sqlite: partial indexes (WHERE) are not built yet on SQLite (0A000)
-- error 0A000 partial, covering and non-btree indexes are not supported by ormgate

INSERT INTO slot VALUES (1, 'x', true), (2, 'x', false), (3, 'x', false);
-- ok INSERT 0 3

INSERT INTO slot VALUES (4, 'x', true);
-- error 23505 duplicate key value violates unique constraint "slot_active_code"
-- differs ormgate-sqlite: the partial index above was refused, so nothing prevents the duplicate
-- ok INSERT 0 1

UPDATE slot SET active = true WHERE id = 2;
-- error 23505 duplicate key value violates unique constraint "slot_active_code"
-- differs ormgate-sqlite: the partial index above was refused, so nothing prevents the duplicate
-- ok UPDATE 1

SELECT id, code, active FROM slot ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | code text | active bool
-- row: 1 | x | t
-- row: 2 | x | f
-- row: 3 | x | f
-- differs ormgate-sqlite: the rows the refused partial index would have kept out
-- ok SELECT 4
-- cols: id int4 | code text | active bool
-- row: 1 | x | t
-- row: 2 | x | t
-- row: 3 | x | f
-- row: 4 | x | t

SELECT id, tag FROM tagged ORDER BY id;
-- ok SELECT 1
-- cols: id int4 | tag text
-- row: 1 | Red
-- differs ormgate-sqlite: the row the refused expression index would have kept out
-- ok SELECT 2
-- cols: id int4 | tag text
-- row: 1 | Red
-- row: 2 | RED
