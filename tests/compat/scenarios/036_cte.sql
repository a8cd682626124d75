-- WITH and WITH RECURSIVE.

CREATE TABLE node (id int PRIMARY KEY, parent_id int REFERENCES node(id), name text NOT NULL);
-- ok CREATE TABLE

INSERT INTO node VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 4, 'a1x'), (7, 3, 'b1');
-- ok INSERT 0 7

WITH small AS (SELECT id, name FROM node WHERE id < 4) SELECT name FROM small ORDER BY id;
-- ok SELECT 3
-- cols: name text
-- row: root
-- row: a
-- row: b

WITH small AS (SELECT id, name FROM node WHERE id < 4), smaller AS (SELECT id FROM small WHERE id > 1) SELECT count(*) FROM smaller;
-- ok SELECT 1
-- cols: count int8
-- row: 2

WITH counts(parent, n) AS (SELECT parent_id, count(*) FROM node GROUP BY parent_id) SELECT n.name, c.n FROM node n JOIN counts c ON c.parent = n.id ORDER BY n.id;
-- ok SELECT 4
-- cols: name text | n int8
-- row: root | 2
-- row: a | 2
-- row: b | 1
-- row: a1 | 1

WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT sum(n), count(*) FROM t;
-- ok SELECT 1
-- cols: sum int8 | count int8
-- row: 55 | 10

WITH RECURSIVE fib(i, a, b) AS (SELECT 1, 0::bigint, 1::bigint UNION ALL SELECT i + 1, b, a + b FROM fib WHERE i < 20) SELECT i, a FROM fib ORDER BY i DESC LIMIT 3;
-- ok SELECT 3
-- cols: i int4 | a int8
-- row: 20 | 4181
-- row: 19 | 2584
-- row: 18 | 1597

-- descendants of a node, with depth and path
WITH RECURSIVE sub AS (
    SELECT id, name, 0 AS depth, name AS path FROM node WHERE id = 2
    UNION ALL
    SELECT n.id, n.name, s.depth + 1, s.path || '/' || n.name FROM node n JOIN sub s ON n.parent_id = s.id
)
SELECT id, name, depth, path FROM sub ORDER BY path;
-- ok SELECT 4
-- cols: id int4 | name text | depth int4 | path text
-- row: 2 | a | 0 | a
-- row: 4 | a1 | 1 | a/a1
-- row: 6 | a1x | 2 | a/a1/a1x
-- row: 5 | a2 | 1 | a/a2

-- ancestors of a node
WITH RECURSIVE up AS (
    SELECT id, parent_id, name FROM node WHERE id = 6
    UNION ALL
    SELECT n.id, n.parent_id, n.name FROM node n JOIN up ON n.id = up.parent_id
)
SELECT string_agg(name, ' < ' ORDER BY id DESC) FROM up;
-- ok SELECT 1
-- cols: string_agg text
-- row: a1x < a1 < a < root

-- UNION (not ALL) stops on a cycle
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT (x % 3) + 1 FROM c) SELECT x FROM c ORDER BY x;
-- ok SELECT 3
-- cols: x int4
-- row: 1
-- row: 2
-- row: 3

-- a CTE referenced twice
WITH t AS (SELECT id FROM node WHERE parent_id = 1) SELECT a.id, b.id FROM t a JOIN t b ON a.id < b.id ORDER BY a.id, b.id;
-- ok SELECT 1
-- cols: id int4 | id int4
-- row: 2 | 3

-- data-modifying CTE
CREATE TABLE archive (id int PRIMARY KEY, name text);
-- ok CREATE TABLE

WITH moved AS (DELETE FROM node WHERE id = 7 RETURNING id, name) INSERT INTO archive SELECT id, name FROM moved RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | name text
-- row: 7 | b1
-- differs ormgate-sqlite: data-modifying statements in WITH are not translated yet (0A000)
-- error 0A000 data-modifying statements in WITH are not supported

WITH ins AS (INSERT INTO archive VALUES (100, 'x') RETURNING id) SELECT id * 2 AS doubled FROM ins;
-- ok SELECT 1
-- cols: doubled int4
-- row: 200
-- differs ormgate-sqlite: data-modifying statements in WITH are not translated yet (0A000)
-- error 0A000 data-modifying statements in WITH are not supported

SELECT id, name FROM archive ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | name text
-- row: 7 | b1
-- row: 100 | x
-- differs ormgate-sqlite: the statements above were refused, so nothing was archived
-- ok SELECT 0
-- cols: id int4 | name text

WITH w AS (SELECT 1 AS a) SELECT b FROM w;
-- error 42703 column "b" does not exist

WITH RECURSIVE bad AS (SELECT 1 AS n UNION ALL SELECT n FROM nope) SELECT * FROM bad;
-- error 42P01 relation "nope" does not exist
