-- UNION [ALL], INTERSECT [ALL], EXCEPT [ALL], with ORDER BY and LIMIT.

CREATE TABLE a (n int PRIMARY KEY, word text);
-- ok CREATE TABLE

CREATE TABLE b (n int PRIMARY KEY, word text);
-- ok CREATE TABLE

INSERT INTO a VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four');
-- ok INSERT 0 4

INSERT INTO b VALUES (3, 'three'), (4, 'FOUR'), (5, 'five');
-- ok INSERT 0 3

SELECT n FROM a UNION SELECT n FROM b ORDER BY n;
-- ok SELECT 5
-- cols: n int4
-- row: 1
-- row: 2
-- row: 3
-- row: 4
-- row: 5

SELECT n FROM a UNION ALL SELECT n FROM b ORDER BY n;
-- ok SELECT 7
-- cols: n int4
-- row: 1
-- row: 2
-- row: 3
-- row: 3
-- row: 4
-- row: 4
-- row: 5

SELECT n, word FROM a UNION SELECT n, word FROM b ORDER BY n, word;
-- ok SELECT 6
-- cols: n int4 | word text
-- row: 1 | one
-- row: 2 | two
-- row: 3 | three
-- row: 4 | FOUR
-- row: 4 | four
-- row: 5 | five

SELECT n FROM a INTERSECT SELECT n FROM b ORDER BY n;
-- ok SELECT 2
-- cols: n int4
-- row: 3
-- row: 4

SELECT n, word FROM a INTERSECT SELECT n, word FROM b;
-- ok SELECT 1
-- cols: n int4 | word text
-- row: 3 | three

SELECT n FROM a EXCEPT SELECT n FROM b ORDER BY n;
-- ok SELECT 2
-- cols: n int4
-- row: 1
-- row: 2

SELECT n FROM b EXCEPT SELECT n FROM a ORDER BY n;
-- ok SELECT 1
-- cols: n int4
-- row: 5

SELECT word FROM a UNION SELECT word FROM b ORDER BY word DESC LIMIT 3;
-- ok SELECT 3
-- cols: word text
-- row: two
-- row: three
-- row: one

SELECT n FROM a UNION SELECT n FROM b ORDER BY n LIMIT 2 OFFSET 1;
-- ok SELECT 2
-- cols: n int4
-- row: 2
-- row: 3

SELECT 1 AS x UNION ALL SELECT 1 UNION ALL SELECT 2 ORDER BY x;
-- ok SELECT 3
-- cols: x int4
-- row: 1
-- row: 1
-- row: 2

SELECT 1 AS x UNION SELECT 1 UNION SELECT 2 ORDER BY x;
-- ok SELECT 2
-- cols: x int4
-- row: 1
-- row: 2

SELECT x FROM (VALUES (1), (1), (2)) v(x) INTERSECT ALL SELECT x FROM (VALUES (1), (1), (1)) w(x);
-- ok SELECT 2
-- cols: x int4
-- row: 1
-- row: 1

SELECT x FROM (VALUES (1), (1), (2)) v(x) EXCEPT ALL SELECT x FROM (VALUES (1)) w(x) ORDER BY x;
-- ok SELECT 2
-- cols: x int4
-- row: 1
-- row: 2

-- INTERSECT ALL / EXCEPT ALL count duplicates; NULLs are equal, as in every set operation
SELECT x, y FROM (VALUES (1, 'a'), (1, 'a'), (2, 'b'), (NULL, NULL), (NULL, NULL), (3, NULL)) v(x, y) EXCEPT ALL SELECT x, y FROM (VALUES (1, 'a'), (NULL, NULL), (3, NULL)) w(x, y) ORDER BY 1, 2;
-- ok SELECT 3
-- cols: x int4 | y text
-- row: 1 | a
-- row: 2 | b
-- row: NULL | NULL

SELECT x FROM (VALUES (NULL::int), (NULL), (3)) v(x) INTERSECT ALL SELECT x FROM (VALUES (NULL::int), (3), (3)) w(x) ORDER BY 1;
-- ok SELECT 2
-- cols: x int4
-- row: 3
-- row: NULL

SELECT 1 AS a INTERSECT ALL SELECT 1 INTERSECT ALL SELECT 1 UNION ALL SELECT 2 ORDER BY 1;
-- ok SELECT 2
-- cols: a int4
-- row: 1
-- row: 2

SELECT q FROM (SELECT x FROM generate_series(1, 5) x EXCEPT ALL SELECT 2) s(q) WHERE q > 1 ORDER BY q DESC LIMIT 2;
-- ok SELECT 2
-- cols: q int4
-- row: 5
-- row: 4

SELECT g.x, (SELECT count(*) FROM (SELECT g.x INTERSECT ALL SELECT 1) z) AS n FROM generate_series(1, 2) g(x) ORDER BY 1;
-- ok SELECT 2
-- cols: x int4 | n int8
-- row: 1 | 1
-- row: 2 | 0

SELECT ARRAY[1, 2] AS a INTERSECT ALL SELECT ARRAY[1, 2];
-- ok SELECT 1
-- cols: a int4[]
-- row: {1,2}

-- column names come from the first branch
SELECT n AS first_name FROM a WHERE n = 1 UNION SELECT n AS second_name FROM b WHERE n = 5 ORDER BY 1;
-- ok SELECT 2
-- cols: first_name int4
-- row: 1
-- row: 5

-- int and numeric unify to numeric
SELECT 1 AS v UNION SELECT 2.5 ORDER BY v;
-- ok SELECT 2
-- cols: v numeric
-- row: 1
-- row: 2.5

-- NULLs are equal for set operations
SELECT NULL::int AS v UNION SELECT NULL::int;
-- ok SELECT 1
-- cols: v int4
-- row: NULL

SELECT n FROM a UNION SELECT n, word FROM b;
-- error 42601 each UNION query must have the same number of columns

SELECT n FROM a UNION SELECT word FROM b;
-- error 42804 UNION types integer and text cannot be matched

(SELECT n FROM a ORDER BY n DESC LIMIT 1) UNION ALL (SELECT n FROM b ORDER BY n LIMIT 1) ORDER BY n;
-- ok SELECT 2
-- cols: n int4
-- row: 3
-- row: 4

SELECT n FROM a UNION SELECT n FROM b EXCEPT SELECT n FROM a WHERE n < 3 ORDER BY n;
-- ok SELECT 3
-- cols: n int4
-- row: 3
-- row: 4
-- row: 5

SELECT n FROM a WHERE n IN (SELECT n FROM b UNION SELECT 1) ORDER BY n;
-- ok SELECT 3
-- cols: n int4
-- row: 1
-- row: 3
-- row: 4

SELECT count(*) FROM (SELECT word FROM a UNION SELECT word FROM b) u;
-- ok SELECT 1
-- cols: count int8
-- row: 6
