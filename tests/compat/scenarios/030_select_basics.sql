-- SELECT: projections, *, aliases, DISTINCT, ORDER BY (ASC/DESC, NULLS FIRST/LAST), LIMIT/OFFSET, no FROM.

SELECT 1;
-- ok SELECT 1
-- cols: ?column? int4
-- row: 1

SELECT 1 AS one, 2.5 AS two_and_half, 'three' AS three, true AS yes, NULL AS nothing;
-- ok SELECT 1
-- cols: one int4 | two_and_half numeric | three text | yes bool | nothing text
-- row: 1 | 2.5 | three | t | NULL

SELECT 1 + 2 * 3 AS arith, (1 + 2) * 3 AS grouped, -5 AS neg, 2 ^ 10 AS power;
-- ok SELECT 1
-- cols: arith int4 | grouped int4 | neg int4 | power float8
-- row: 7 | 9 | -5 | 1024

SELECT;
-- ok SELECT 1
-- cols:
-- row:

CREATE TABLE emp (id int PRIMARY KEY, name text NOT NULL, dept text, salary int, manager_id int);
-- ok CREATE TABLE

INSERT INTO emp VALUES
    (1, 'Ada', 'eng', 120, NULL),
    (2, 'Bo', 'eng', 100, 1),
    (3, 'Cy', 'ops', 90, 1),
    (4, 'Di', 'ops', 90, 3),
    (5, 'Ed', NULL, 70, 3),
    (6, 'Flo', 'eng', NULL, 2),
    (7, 'Gil', 'sales', 80, 1);
-- ok INSERT 0 7

SELECT * FROM emp ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | name text | dept text | salary int4 | manager_id int4
-- row: 1 | Ada | eng | 120 | NULL
-- row: 2 | Bo | eng | 100 | 1
-- row: 3 | Cy | ops | 90 | 1
-- row: 4 | Di | ops | 90 | 3
-- row: 5 | Ed | NULL | 70 | 3
-- row: 6 | Flo | eng | NULL | 2
-- row: 7 | Gil | sales | 80 | 1

SELECT name, salary FROM emp ORDER BY id;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Ada | 120
-- row: Bo | 100
-- row: Cy | 90
-- row: Di | 90
-- row: Ed | 70
-- row: Flo | NULL
-- row: Gil | 80

SELECT e.name AS who, e.salary * 12 AS yearly, e.salary salary_no_as FROM emp e ORDER BY e.id;
-- ok SELECT 7
-- cols: who text | yearly int4 | salary_no_as int4
-- row: Ada | 1440 | 120
-- row: Bo | 1200 | 100
-- row: Cy | 1080 | 90
-- row: Di | 1080 | 90
-- row: Ed | 840 | 70
-- row: Flo | NULL | NULL
-- row: Gil | 960 | 80

SELECT emp.* FROM emp WHERE id = 1;
-- ok SELECT 1
-- cols: id int4 | name text | dept text | salary int4 | manager_id int4
-- row: 1 | Ada | eng | 120 | NULL

SELECT "name", "Name" FROM emp;
-- error 42703 column "Name" does not exist

SELECT name AS "Mixed Case", id AS "select" FROM emp ORDER BY id LIMIT 2;
-- ok SELECT 2
-- cols: "Mixed Case" text | select int4
-- row: Ada | 1
-- row: Bo | 2

SELECT DISTINCT dept FROM emp ORDER BY dept;
-- ok SELECT 4
-- cols: dept text
-- row: eng
-- row: ops
-- row: sales
-- row: NULL

SELECT DISTINCT dept, salary FROM emp ORDER BY dept, salary;
-- ok SELECT 6
-- cols: dept text | salary int4
-- row: eng | 100
-- row: eng | 120
-- row: eng | NULL
-- row: ops | 90
-- row: sales | 80
-- row: NULL | 70

SELECT DISTINCT ON (dept) dept, name, salary FROM emp ORDER BY dept, salary DESC, name;
-- ok SELECT 4
-- cols: dept text | name text | salary int4
-- row: eng | Flo | NULL
-- row: ops | Cy | 90
-- row: sales | Gil | 80
-- row: NULL | Ed | 70

SELECT count(DISTINCT dept) FROM emp;
-- ok SELECT 1
-- cols: count int8
-- row: 3

SELECT name, salary FROM emp ORDER BY salary, name;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Ed | 70
-- row: Gil | 80
-- row: Cy | 90
-- row: Di | 90
-- row: Bo | 100
-- row: Ada | 120
-- row: Flo | NULL

SELECT name, salary FROM emp ORDER BY salary DESC, name;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Flo | NULL
-- row: Ada | 120
-- row: Bo | 100
-- row: Cy | 90
-- row: Di | 90
-- row: Gil | 80
-- row: Ed | 70

SELECT name, salary FROM emp ORDER BY salary ASC NULLS FIRST, name;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Flo | NULL
-- row: Ed | 70
-- row: Gil | 80
-- row: Cy | 90
-- row: Di | 90
-- row: Bo | 100
-- row: Ada | 120

SELECT name, salary FROM emp ORDER BY salary DESC NULLS LAST, name;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Ada | 120
-- row: Bo | 100
-- row: Cy | 90
-- row: Di | 90
-- row: Gil | 80
-- row: Ed | 70
-- row: Flo | NULL

SELECT name, dept FROM emp ORDER BY dept NULLS FIRST, name DESC;
-- ok SELECT 7
-- cols: name text | dept text
-- row: Ed | NULL
-- row: Flo | eng
-- row: Bo | eng
-- row: Ada | eng
-- row: Di | ops
-- row: Cy | ops
-- row: Gil | sales

SELECT name, salary FROM emp ORDER BY 2 DESC NULLS LAST, 1;
-- ok SELECT 7
-- cols: name text | salary int4
-- row: Ada | 120
-- row: Bo | 100
-- row: Cy | 90
-- row: Di | 90
-- row: Gil | 80
-- row: Ed | 70
-- row: Flo | NULL

SELECT name AS n FROM emp ORDER BY n DESC;
-- ok SELECT 7
-- cols: n text
-- row: Gil
-- row: Flo
-- row: Ed
-- row: Di
-- row: Cy
-- row: Bo
-- row: Ada

SELECT name FROM emp ORDER BY length(name), name;
-- ok SELECT 7
-- cols: name text
-- row: Bo
-- row: Cy
-- row: Di
-- row: Ed
-- row: Ada
-- row: Flo
-- row: Gil

SELECT name FROM emp ORDER BY id LIMIT 3;
-- ok SELECT 3
-- cols: name text
-- row: Ada
-- row: Bo
-- row: Cy

SELECT name FROM emp ORDER BY id LIMIT 3 OFFSET 2;
-- ok SELECT 3
-- cols: name text
-- row: Cy
-- row: Di
-- row: Ed

SELECT name FROM emp ORDER BY id OFFSET 5;
-- ok SELECT 2
-- cols: name text
-- row: Flo
-- row: Gil

SELECT name FROM emp ORDER BY id LIMIT 0;
-- ok SELECT 0
-- cols: name text

SELECT name FROM emp ORDER BY id LIMIT ALL;
-- ok SELECT 7
-- cols: name text
-- row: Ada
-- row: Bo
-- row: Cy
-- row: Di
-- row: Ed
-- row: Flo
-- row: Gil

SELECT name FROM emp ORDER BY id OFFSET 100;
-- ok SELECT 0
-- cols: name text

SELECT name FROM emp ORDER BY id FETCH FIRST 2 ROWS ONLY;
-- ok SELECT 2
-- cols: name text
-- row: Ada
-- row: Bo

SELECT name FROM emp ORDER BY id LIMIT -1;
-- error 2201W LIMIT must not be negative

SELECT id, name FROM emp WHERE false;
-- ok SELECT 0
-- cols: id int4 | name text

SELECT nope FROM emp;
-- error 42703 column "nope" does not exist

SELECT emp.nope FROM emp;
-- error 42703 column emp.nope does not exist

SELECT x.name FROM emp;
-- error 42P01 missing FROM-clause entry for table "x"

SELECT * FROM nope;
-- error 42P01 relation "nope" does not exist

SELECT name FROM emp ORDER BY 9;
-- error 42P10 ORDER BY position 9 is not in select list

SELECT name, salary FROM emp ORDER BY salary DESC, id LIMIT 1;
-- ok SELECT 1
-- cols: name text | salary int4
-- row: Flo | NULL

-- a column alias is not visible in WHERE
SELECT salary * 2 AS double FROM emp WHERE double > 100;
-- error 42703 column "double" does not exist

SELECT eid, name FROM emp AS e(eid) WHERE eid < 3 ORDER BY eid;
-- ok SELECT 2
-- cols: eid int4 | name text
-- row: 1 | Ada
-- row: 2 | Bo
