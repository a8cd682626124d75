-- SQL-level PREPARE / EXECUTE / DEALLOCATE.

CREATE TABLE city (id int PRIMARY KEY, name text NOT NULL, pop int);
-- ok CREATE TABLE

INSERT INTO city VALUES (1, 'Oslo', 700000), (2, 'Lima', 10000000), (3, 'Bern', 140000);
-- ok INSERT 0 3

PREPARE by_id (int) AS SELECT id, name, pop FROM city WHERE id = $1;
-- ok PREPARE

EXECUTE by_id(2);
-- ok SELECT 1
-- cols: id int4 | name text | pop int4
-- row: 2 | Lima | 10000000

EXECUTE by_id(42);
-- ok SELECT 0
-- cols: id int4 | name text | pop int4

PREPARE bigger AS SELECT name FROM city WHERE pop > $1 ORDER BY name;
-- ok PREPARE

EXECUTE bigger(500000);
-- ok SELECT 2
-- cols: name text
-- row: Lima
-- row: Oslo

EXECUTE bigger('150000');
-- ok SELECT 2
-- cols: name text
-- row: Lima
-- row: Oslo

PREPARE add_city (int, text, int) AS INSERT INTO city VALUES ($1, $2, $3) RETURNING id, name;
-- ok PREPARE

EXECUTE add_city(4, 'Kyiv', 2900000);
-- ok INSERT 0 1
-- cols: id int4 | name text
-- row: 4 | Kyiv

EXECUTE add_city(4, 'Dup', 1);
-- error 23505 duplicate key value violates unique constraint "city_pkey"

PREPARE grow (int, int) AS UPDATE city SET pop = pop + $2 WHERE id = $1;
-- ok PREPARE

EXECUTE grow(1, 1000);
-- ok UPDATE 1

EXECUTE by_id(1);
-- ok SELECT 1
-- cols: id int4 | name text | pop int4
-- row: 1 | Oslo | 701000

-- a prepared statement with the same name
PREPARE by_id AS SELECT 1;
-- error 42P05 prepared statement "by_id" already exists

EXECUTE by_id(1, 2);
-- error 42601 wrong number of parameters for prepared statement "by_id"

EXECUTE by_id('x');
-- error 22P02 invalid input syntax for type integer: "x"

EXECUTE missing(1);
-- error 26000 prepared statement "missing" does not exist

DEALLOCATE by_id;
-- ok DEALLOCATE

EXECUTE by_id(1);
-- error 26000 prepared statement "by_id" does not exist

DEALLOCATE by_id;
-- error 26000 prepared statement "by_id" does not exist

DEALLOCATE ALL;
-- ok DEALLOCATE ALL

EXECUTE bigger(1);
-- error 26000 prepared statement "bigger" does not exist

PREPARE bad AS SELECT * FROM nope WHERE id = $1;
-- error 42P01 relation "nope" does not exist

PREPARE bad2 AS SELEC 1;
-- error 42601 syntax error at or near "SELEC"
