-- INSERT ... ON CONFLICT DO NOTHING / DO UPDATE.

CREATE TABLE kv (k text PRIMARY KEY, v int NOT NULL, hits int NOT NULL DEFAULT 1);
-- ok CREATE TABLE

INSERT INTO kv (k, v) VALUES ('a', 1), ('b', 2);
-- ok INSERT 0 2

INSERT INTO kv (k, v) VALUES ('a', 10) ON CONFLICT DO NOTHING;
-- ok INSERT 0 0

INSERT INTO kv (k, v) VALUES ('a', 10), ('c', 3) ON CONFLICT DO NOTHING;
-- ok INSERT 0 1

INSERT INTO kv (k, v) VALUES ('a', 10) ON CONFLICT (k) DO NOTHING RETURNING k;
-- ok INSERT 0 0
-- cols: k text

INSERT INTO kv (k, v) VALUES ('d', 4) ON CONFLICT (k) DO NOTHING RETURNING k, v;
-- ok INSERT 0 1
-- cols: k text | v int4
-- row: d | 4

SELECT k, v, hits FROM kv ORDER BY k;
-- ok SELECT 4
-- cols: k text | v int4 | hits int4
-- row: a | 1 | 1
-- row: b | 2 | 1
-- row: c | 3 | 1
-- row: d | 4 | 1

INSERT INTO kv (k, v) VALUES ('a', 100) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v, hits = kv.hits + 1;
-- ok INSERT 0 1

SELECT k, v, hits FROM kv WHERE k = 'a';
-- ok SELECT 1
-- cols: k text | v int4 | hits int4
-- row: a | 100 | 2

INSERT INTO kv (k, v) VALUES ('a', 5), ('e', 5) ON CONFLICT (k) DO UPDATE SET v = kv.v + EXCLUDED.v RETURNING k, v, hits;
-- ok INSERT 0 2
-- cols: k text | v int4 | hits int4
-- row: a | 105 | 2
-- row: e | 5 | 1

-- DO UPDATE ... WHERE: the row is left alone when the condition is false
INSERT INTO kv (k, v) VALUES ('b', 999) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE kv.v > 100 RETURNING k, v;
-- ok INSERT 0 0
-- cols: k text | v int4

INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v WHERE kv.v > 100 RETURNING k, v;
-- ok INSERT 0 1
-- cols: k text | v int4
-- row: a | 1

-- the same key twice in one statement
INSERT INTO kv (k, v) VALUES ('z', 1), ('z', 2) ON CONFLICT (k) DO UPDATE SET v = EXCLUDED.v;
-- error 21000 ON CONFLICT DO UPDATE command cannot affect row a second time

INSERT INTO kv (k, v) VALUES ('z', 1), ('z', 2) ON CONFLICT DO NOTHING;
-- ok INSERT 0 1

SELECT k, v FROM kv WHERE k = 'z';
-- ok SELECT 1
-- cols: k text | v int4
-- row: z | 1

-- no unique constraint on the conflict target
INSERT INTO kv (k, v) VALUES ('a', 1) ON CONFLICT (v) DO NOTHING;
-- error 42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification

CREATE TABLE account (id int PRIMARY KEY, email text, name text, CONSTRAINT account_email_key UNIQUE (email));
-- ok CREATE TABLE

INSERT INTO account VALUES (1, 'x@example.com', 'X');
-- ok INSERT 0 1

INSERT INTO account VALUES (2, 'x@example.com', 'X2') ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name RETURNING id, email, name;
-- ok INSERT 0 1
-- cols: id int4 | email text | name text
-- row: 1 | x@example.com | X2

INSERT INTO account VALUES (3, 'x@example.com', 'X3') ON CONFLICT ON CONSTRAINT account_email_key DO NOTHING;
-- ok INSERT 0 0

-- conflict on another unique constraint than the target is still an error
INSERT INTO account VALUES (1, 'y@example.com', 'Y') ON CONFLICT (email) DO NOTHING;
-- error 23505 duplicate key value violates unique constraint "account_pkey"

INSERT INTO account VALUES (1, 'y@example.com', 'Y') ON CONFLICT DO NOTHING;
-- ok INSERT 0 0

INSERT INTO account VALUES (4, 'w@example.com', 'W') ON CONFLICT (id) DO UPDATE SET name = 'never' RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | email text | name text
-- row: 4 | w@example.com | W

SELECT id, email, name FROM account ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | email text | name text
-- row: 1 | x@example.com | X2
-- row: 4 | w@example.com | W

-- upsert from a SELECT
INSERT INTO kv (k, v) SELECT k, v * 1000 FROM kv WHERE k IN ('a', 'b') ON CONFLICT (k) DO UPDATE SET hits = kv.hits + 10;
-- ok INSERT 0 2

SELECT k, v, hits FROM kv ORDER BY k;
-- ok SELECT 6
-- cols: k text | v int4 | hits int4
-- row: a | 1 | 12
-- row: b | 2 | 11
-- row: c | 3 | 1
-- row: d | 4 | 1
-- row: e | 5 | 1
-- row: z | 1 | 1
