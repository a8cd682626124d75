-- Text comparison and ordering: byte order (the C collation of the reference database).

CREATE TABLE w (id int PRIMARY KEY, s text);
-- ok CREATE TABLE

INSERT INTO w VALUES (1, 'b'), (2, 'B'), (3, 'a'), (4, 'A'), (5, '_x'), (6, '1'), (7, '10'), (8, '9'), (9, 'é'), (10, 'e'), (11, ''), (12, NULL), (13, 'ab'), (14, 'a b'), (15, 'Z'), (16, '~');
-- ok INSERT 0 16

SELECT s FROM w ORDER BY s;
-- ok SELECT 16
-- cols: s text
-- row: ""
-- row: 1
-- row: 10
-- row: 9
-- row: A
-- row: B
-- row: Z
-- row: _x
-- row: a
-- row: a b
-- row: ab
-- row: b
-- row: e
-- row: ~
-- row: é
-- row: NULL

SELECT s FROM w ORDER BY s DESC;
-- ok SELECT 16
-- cols: s text
-- row: NULL
-- row: é
-- row: ~
-- row: e
-- row: b
-- row: ab
-- row: a b
-- row: a
-- row: _x
-- row: Z
-- row: B
-- row: A
-- row: 9
-- row: 10
-- row: 1
-- row: ""

SELECT s FROM w ORDER BY s NULLS FIRST;
-- ok SELECT 16
-- cols: s text
-- row: NULL
-- row: ""
-- row: 1
-- row: 10
-- row: 9
-- row: A
-- row: B
-- row: Z
-- row: _x
-- row: a
-- row: a b
-- row: ab
-- row: b
-- row: e
-- row: ~
-- row: é

SELECT s FROM w ORDER BY lower(s), s;
-- ok SELECT 16
-- cols: s text
-- row: ""
-- row: 1
-- row: 10
-- row: 9
-- row: _x
-- row: A
-- row: a
-- row: a b
-- row: ab
-- row: B
-- row: b
-- row: e
-- row: Z
-- row: ~
-- row: é
-- row: NULL

SELECT min(s), max(s) FROM w;
-- ok SELECT 1
-- cols: min text | max text
-- row: "" | é

SELECT 'a' < 'B', 'Z' < 'a', 'a' < 'ab', '' < 'a', '10' < '9', 'é' > 'z';
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: f | t | t | t | t | t

SELECT s FROM w WHERE s > 'Z' ORDER BY s;
-- ok SELECT 8
-- cols: s text
-- row: _x
-- row: a
-- row: a b
-- row: ab
-- row: b
-- row: e
-- row: ~
-- row: é

SELECT s FROM w WHERE s BETWEEN 'A' AND 'a' ORDER BY s;
-- ok SELECT 5
-- cols: s text
-- row: A
-- row: B
-- row: Z
-- row: _x
-- row: a

SELECT s FROM w ORDER BY s COLLATE "C" LIMIT 5;
-- ok SELECT 5
-- cols: s text
-- row: ""
-- row: 1
-- row: 10
-- row: 9
-- row: A

SELECT DISTINCT lower(s) AS l FROM w WHERE s ~ '^[a-zA-Z]+$' ORDER BY l;
-- ok SELECT 5
-- cols: l text
-- row: a
-- row: ab
-- row: b
-- row: e
-- row: z

SELECT s, count(*) FROM (SELECT upper(s) AS s FROM w WHERE s IN ('a', 'A', 'b')) x GROUP BY s ORDER BY s;
-- ok SELECT 2
-- cols: s text | count int8
-- row: A | 2
-- row: B | 1

-- trailing spaces matter for text but not for char(n)
SELECT 'a' = 'a ', 'a'::char(3) = 'a '::char(3), 'a ' > 'a';
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool
-- row: f | t | t

CREATE TABLE v (id int PRIMARY KEY, code varchar(10) UNIQUE);
-- ok CREATE TABLE

INSERT INTO v VALUES (1, 'abc'), (2, 'ABC'), (3, 'abc ');
-- ok INSERT 0 3

INSERT INTO v VALUES (4, 'abc');
-- error 23505 duplicate key value violates unique constraint "v_code_key"

SELECT id, code FROM v ORDER BY code;
-- ok SELECT 3
-- cols: id int4 | code varchar(10)
-- row: 2 | ABC
-- row: 1 | abc
-- row: 3 | "abc "
