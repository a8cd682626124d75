-- Conditional expressions: CASE (searched and simple), coalesce, nullif, greatest/least with NULLs.

CREATE TABLE c (id int PRIMARY KEY, a int, b text);
-- ok CREATE TABLE

INSERT INTO c VALUES (1, 5, 'x'), (2, NULL, 'y'), (3, 0, NULL), (4, NULL, NULL), (5, -3, '');
-- ok INSERT 0 5

SELECT id, coalesce(a, -1) AS a1, coalesce(b, 'none') AS b1 FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | a1 int4 | b1 text
-- row: 1 | 5 | x
-- row: 2 | -1 | y
-- row: 3 | 0 | none
-- row: 4 | -1 | none
-- row: 5 | -3 | ""

SELECT id, coalesce(a::text, b, '?') FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | coalesce text
-- row: 1 | 5
-- row: 2 | y
-- row: 3 | 0
-- row: 4 | ?
-- row: 5 | -3

SELECT coalesce(NULL, NULL), coalesce(NULL::int, NULL, 3, 4);
-- ok SELECT 1
-- cols: coalesce text | coalesce int4
-- row: NULL | 3

SELECT id, nullif(a, 0) AS a0, nullif(b, '') AS b0 FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | a0 int4 | b0 text
-- row: 1 | 5 | x
-- row: 2 | NULL | y
-- row: 3 | NULL | NULL
-- row: 4 | NULL | NULL
-- row: 5 | -3 | NULL

SELECT nullif(1, 1), nullif(1, 2), nullif('a', 'b');
-- ok SELECT 1
-- cols: nullif int4 | nullif int4 | nullif text
-- row: NULL | 1 | a

SELECT id, CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' WHEN a = 0 THEN 'zero' ELSE 'null' END FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | case text
-- row: 1 | pos
-- row: 2 | null
-- row: 3 | zero
-- row: 4 | null
-- row: 5 | neg

SELECT id, CASE a WHEN 5 THEN 'five' WHEN 0 THEN 'zero' END FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | case text
-- row: 1 | five
-- row: 2 | NULL
-- row: 3 | zero
-- row: 4 | NULL
-- row: 5 | NULL

SELECT id, CASE WHEN b IS NULL THEN 0 ELSE length(b) END AS len FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | len int4
-- row: 1 | 1
-- row: 2 | 1
-- row: 3 | 0
-- row: 4 | 0
-- row: 5 | 0

SELECT CASE WHEN 1 > 2 THEN 1 ELSE 2.5 END;
-- ok SELECT 1
-- cols: case numeric
-- row: 2.5

SELECT CASE WHEN true THEN 'a' ELSE 1 END;
-- error 22P02 invalid input syntax for type integer: "a"

SELECT CASE WHEN false THEN 1 / 0 ELSE 1 END;
-- ok SELECT 1
-- cols: case int4
-- row: 1

SELECT id, coalesce(nullif(b, ''), 'empty or null') FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | coalesce text
-- row: 1 | x
-- row: 2 | y
-- row: 3 | empty or null
-- row: 4 | empty or null
-- row: 5 | empty or null

SELECT sum(CASE WHEN a IS NULL THEN 1 ELSE 0 END) AS nulls, count(*) - count(a) AS nulls2 FROM c;
-- ok SELECT 1
-- cols: nulls int8 | nulls2 int8
-- row: 2 | 2

SELECT id, (a IS NULL) AS isnull, (b = '') AS isempty FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | isnull bool | isempty bool
-- row: 1 | f | f
-- row: 2 | t | f
-- row: 3 | f | NULL
-- row: 4 | t | NULL
-- row: 5 | f | t

SELECT id, a > 0 AND b IS NOT NULL AS both_set, a > 0 OR b IS NOT NULL AS any_set FROM c ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | both_set bool | any_set bool
-- row: 1 | t | t
-- row: 2 | NULL | t
-- row: 3 | f | f
-- row: 4 | f | NULL
-- row: 5 | f | t

SELECT NULL AND false, NULL AND true, NULL OR true, NULL OR false, NOT NULL::boolean;
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: f | NULL | t | NULL | NULL

SELECT NULL = NULL, NULL IS NULL, 1 = NULL, NULL::int IS DISTINCT FROM NULL, 1 IS DISTINCT FROM NULL;
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: NULL | t | NULL | f | t

UPDATE c SET a = coalesce(a, 0) + 1 RETURNING id, a;
-- ok UPDATE 5
-- cols: id int4 | a int4
-- row: 1 | 6
-- row: 2 | 1
-- row: 3 | 1
-- row: 4 | 1
-- row: 5 | -2

SELECT coalesce(1, 'x');
-- error 22P02 invalid input syntax for type integer: "x"
