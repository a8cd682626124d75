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
-- differs ormgate-sqlite: set-returning functions in the SELECT list are not translated yet (0A000); in FROM they are
-- error 0A000 set-returning function generate_series() is supported only in FROM

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
-- differs ormgate-sqlite: unnest with several arrays is not translated yet (0A000)
-- error 0A000 unnest with several arrays is not supported

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
-- differs ormgate-sqlite: set-returning functions in the SELECT list are not translated yet (0A000); in FROM they are
-- error 0A000 set-returning function unnest() is supported only in FROM

SELECT unnest('{}'::int[]);
-- ok SELECT 0
-- cols: unnest int4
-- differs ormgate-sqlite: set-returning functions in the SELECT list are not translated yet (0A000); in FROM they are
-- error 0A000 set-returning function unnest() is supported only in FROM

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
