-- Integer arithmetic: division truncates toward zero, modulo takes the dividend's sign, overflow is an error.

SELECT 7 / 2, -7 / 2, 7 / -2, -7 / -2, 1 / 2, 0 / 5;
-- ok SELECT 1
-- cols: ?column? int4 | ?column? int4 | ?column? int4 | ?column? int4 | ?column? int4 | ?column? int4
-- row: 3 | -3 | -3 | 3 | 0 | 0

SELECT 7 % 2, -7 % 2, 7 % -2, -7 % -2;
-- ok SELECT 1
-- cols: ?column? int4 | ?column? int4 | ?column? int4 | ?column? int4
-- row: 1 | -1 | 1 | -1

SELECT 7::smallint / 2::smallint, 7::bigint / 2, 7 / 2::bigint, pg_typeof(7::smallint / 2::smallint), pg_typeof(7::bigint / 2);
-- ok SELECT 1
-- cols: ?column? int2 | ?column? int8 | ?column? int8 | pg_typeof regtype | pg_typeof regtype
-- row: 3 | 3 | 3 | smallint | bigint

SELECT 7 / 2 * 2, 7 * 2 / 2, (7 / 2)::numeric, 7 / 2::numeric, 7::numeric / 2;
-- ok SELECT 1
-- cols: ?column? int4 | ?column? int4 | numeric numeric | ?column? numeric | ?column? numeric
-- row: 6 | 7 | 3 | 3.5000000000000000 | 3.5000000000000000

SELECT 7 / 2.0, 7.0 / 2, 7 / 2e0, pg_typeof(7 / 2.0), pg_typeof(7 / 2e0);
-- ok SELECT 1
-- cols: ?column? numeric | ?column? numeric | ?column? numeric | pg_typeof regtype | pg_typeof regtype
-- row: 3.5000000000000000 | 3.5000000000000000 | 3.5000000000000000 | numeric | numeric

SELECT -2147483648 / -1;
-- error 22003 integer out of range

SELECT (-2147483648)::int / -1;
-- error 22003 integer out of range

SELECT (-32768)::smallint / (-1)::smallint;
-- error 22003 smallint out of range

SELECT 2147483647 * 2;
-- error 22003 integer out of range

SELECT 46341 * 46341;
-- error 22003 integer out of range

SELECT 32767::smallint + 1::smallint;
-- error 22003 smallint out of range

SELECT 9223372036854775807 * 2;
-- error 22003 bigint out of range

SELECT -9223372036854775808 - 1;
-- error 22003 bigint out of range

SELECT 1 / 0;
-- error 22012 division by zero

SELECT 1 % 0;
-- error 22012 division by zero

SELECT 1::bigint / 0;
-- error 22012 division by zero

SELECT 1.5 / 0;
-- error 22012 division by zero

SELECT 1 / 0.0;
-- error 22012 division by zero

CREATE TABLE q (id int PRIMARY KEY, a int, b int);
-- ok CREATE TABLE

INSERT INTO q VALUES (1, 10, 3), (2, -10, 3), (3, 10, -3), (4, 9, 9), (5, 1, 0), (6, NULL, 2);
-- ok INSERT 0 6

SELECT id, a / b, a % b FROM q WHERE b <> 0 ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | ?column? int4 | ?column? int4
-- row: 1 | 3 | 1
-- row: 2 | -3 | -1
-- row: 3 | -3 | 1
-- row: 4 | 1 | 0
-- row: 6 | NULL | NULL

SELECT id, a / b FROM q ORDER BY id;
-- error 22012 division by zero

SELECT sum(a) / count(a), avg(a), sum(a)::numeric / count(a) FROM q;
-- ok SELECT 1
-- cols: ?column? int8 | avg numeric | ?column? numeric
-- row: 4 | 4.0000000000000000 | 4.0000000000000000

SELECT id, a * 1.0 / b FROM q WHERE b <> 0 ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | ?column? numeric
-- row: 1 | 3.3333333333333333
-- row: 2 | -3.3333333333333333
-- row: 3 | -3.3333333333333333
-- row: 4 | 1.00000000000000000000
-- row: 6 | NULL

SELECT avg(b), pg_typeof(avg(b)), pg_typeof(sum(b)), pg_typeof(count(b)) FROM q;
-- ok SELECT 1
-- cols: avg numeric | pg_typeof regtype | pg_typeof regtype | pg_typeof regtype
-- row: 2.3333333333333333 | numeric | bigint | bigint
