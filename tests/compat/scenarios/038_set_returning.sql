-- generate_series and unnest in FROM (and in the select list).

SELECT * FROM generate_series(1, 5);
-- ok SELECT 5
-- cols: generate_series int4
-- row: 1
-- row: 2
-- row: 3
-- row: 4
-- row: 5

SELECT g FROM generate_series(1, 10, 3) AS g;
-- ok SELECT 4
-- cols: g int4
-- row: 1
-- row: 4
-- row: 7
-- row: 10

SELECT g FROM generate_series(5, 1, -2) AS g;
-- ok SELECT 3
-- cols: g int4
-- row: 5
-- row: 3
-- row: 1

SELECT g FROM generate_series(1, 0) AS g;
-- ok SELECT 0
-- cols: g int4

SELECT x, x * x AS sq FROM generate_series(1, 4) AS t(x) WHERE x % 2 = 0;
-- ok SELECT 2
-- cols: x int4 | sq int4
-- row: 2 | 4
-- row: 4 | 16

SELECT sum(g) FROM generate_series(1, 100) g;
-- ok SELECT 1
-- cols: sum int8
-- row: 5050

SELECT g FROM generate_series(0.5, 2.0, 0.5) g;
-- ok SELECT 4
-- cols: g numeric
-- row: 0.5
-- row: 1.0
-- row: 1.5
-- row: 2.0

SELECT d::date FROM generate_series('2024-02-27'::date, '2024-03-02'::date, interval '1 day') AS d;
-- ok SELECT 5
-- cols: d date
-- row: 2024-02-27
-- row: 2024-02-28
-- row: 2024-02-29
-- row: 2024-03-01
-- row: 2024-03-02

SELECT ts FROM generate_series('2024-01-01 00:00'::timestamp, '2024-01-01 02:00', '30 minutes') AS ts;
-- ok SELECT 5
-- cols: ts timestamp
-- row: 2024-01-01 00:00:00
-- row: 2024-01-01 00:30:00
-- row: 2024-01-01 01:00:00
-- row: 2024-01-01 01:30:00
-- row: 2024-01-01 02:00:00

SELECT generate_series(1, 3) AS n;
-- ok SELECT 3
-- cols: n int4
-- row: 1
-- row: 2
-- row: 3

SELECT * FROM unnest(ARRAY[3, 1, 2]);
-- ok SELECT 3
-- cols: unnest int4
-- row: 3
-- row: 1
-- row: 2

SELECT u FROM unnest(ARRAY['a', 'b', NULL]) AS u;
-- ok SELECT 3
-- cols: u text
-- row: a
-- row: b
-- row: NULL

SELECT * FROM unnest(ARRAY[1, 2], ARRAY['x', 'y', 'z']) AS t(n, s);
-- ok SELECT 3
-- cols: n int4 | s text
-- row: 1 | x
-- row: 2 | y
-- row: NULL | z

SELECT u, ord FROM unnest(ARRAY['q', 'r', 's']) WITH ORDINALITY AS t(u, ord);
-- ok SELECT 3
-- cols: u text | ord int8
-- row: q | 1
-- row: r | 2
-- row: s | 3

SELECT unnest(ARRAY[10, 20]) AS v;
-- ok SELECT 2
-- cols: v int4
-- row: 10
-- row: 20

SELECT unnest('{}'::int[]);
-- ok SELECT 0
-- cols: unnest int4

CREATE TABLE bag (id int PRIMARY KEY, items text[]);
-- ok CREATE TABLE

INSERT INTO bag VALUES (1, '{pen,ink}'), (2, '{}'), (3, NULL), (4, '{desk}');
-- ok INSERT 0 4

SELECT b.id, i FROM bag b, unnest(b.items) AS i ORDER BY b.id, i;
-- ok SELECT 3
-- cols: id int4 | i text
-- row: 1 | ink
-- row: 1 | pen
-- row: 4 | desk

SELECT b.id, i FROM bag b LEFT JOIN LATERAL unnest(b.items) AS i ON true ORDER BY b.id, i;
-- ok SELECT 5
-- cols: id int4 | i text
-- row: 1 | ink
-- row: 1 | pen
-- row: 2 | NULL
-- row: 3 | NULL
-- row: 4 | desk

SELECT g, b.id FROM generate_series(1, 4) g LEFT JOIN bag b ON b.id = g ORDER BY g;
-- ok SELECT 4
-- cols: g int4 | id int4
-- row: 1 | 1
-- row: 2 | 2
-- row: 3 | 3
-- row: 4 | 4

SELECT * FROM generate_series(1, 3) a CROSS JOIN generate_series(1, 2) b ORDER BY a, b;
-- ok SELECT 6
-- cols: a int4 | b int4
-- row: 1 | 1
-- row: 1 | 2
-- row: 2 | 1
-- row: 2 | 2
-- row: 3 | 1
-- row: 3 | 2

SELECT count(*) FROM generate_series(1, 1000) g WHERE g % 7 = 0;
-- ok SELECT 1
-- cols: count int8
-- row: 142

-- set-returning functions in the SELECT list (PostgreSQL 10+: one row per value, none for an empty set)
SELECT id, unnest(items) AS item FROM bag ORDER BY id, item;
-- ok SELECT 3
-- cols: id int4 | item text
-- row: 1 | ink
-- row: 1 | pen
-- row: 4 | desk

SELECT DISTINCT unnest(items) AS item FROM bag ORDER BY item;
-- ok SELECT 3
-- cols: item text
-- row: desk
-- row: ink
-- row: pen

SELECT id, generate_series(1, id) * 10 AS g FROM bag ORDER BY id, g;
-- ok SELECT 10
-- cols: id int4 | g int4
-- row: 1 | 10
-- row: 2 | 10
-- row: 2 | 20
-- row: 3 | 10
-- row: 3 | 20
-- row: 3 | 30
-- row: 4 | 10
-- row: 4 | 20
-- row: 4 | 30
-- row: 4 | 40

SELECT *, unnest(items) FROM bag ORDER BY id, 3;
-- ok SELECT 3
-- cols: id int4 | items text[] | unnest text
-- row: 1 | {pen,ink} | ink
-- row: 1 | {pen,ink} | pen
-- row: 4 | {desk} | desk

SELECT unnest(ARRAY[1, 2, 3]) AS a, unnest(ARRAY['x']) AS b;
-- ok SELECT 3
-- cols: a int4 | b text
-- row: 1 | x
-- row: 2 | NULL
-- row: 3 | NULL

SELECT unnest(ARRAY[10, 20]) AS v LIMIT 1;
-- ok SELECT 1
-- cols: v int4
-- row: 10

SELECT b.id, s.n FROM bag b, generate_series(b.id, 3) s(n) ORDER BY 1, 2;
-- ok SELECT 6
-- cols: id int4 | n int4
-- row: 1 | 1
-- row: 1 | 2
-- row: 1 | 3
-- row: 2 | 2
-- row: 2 | 3
-- row: 3 | 3

SELECT * FROM unnest(ARRAY[1, 2, 3], '{a,b}'::text[], NULL::int[]) WITH ORDINALITY AS u(n, s, z, o);
-- ok SELECT 3
-- cols: n int4 | s text | z int4 | o int8
-- row: 1 | a | NULL | 1
-- row: 2 | b | NULL | 2
-- row: 3 | NULL | NULL | 3

SELECT sum(unnest(ARRAY[1, 2]));
-- error 0A000 aggregate function calls cannot contain set-returning function calls

SELECT CASE WHEN true THEN unnest(ARRAY[1, 2]) END;
-- error 0A000 set-returning functions are not allowed in CASE

SELECT unnest(ARRAY[1, 2]), generate_series(1, 3);
-- ok SELECT 3
-- cols: unnest int4 | generate_series int4
-- row: 1 | 1
-- row: 2 | 2
-- row: NULL | 3
-- differs ormgate-sqlite: set-returning functions in one SELECT list run in lockstep (ROWS FROM); only unnest next to unnest is translated (as unnest(a, b)), other pairs are refused (0A000)
-- error 0A000 several set-returning functions in the SELECT list are supported only when all are unnest()
