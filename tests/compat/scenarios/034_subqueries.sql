-- Subqueries: in WHERE (IN, EXISTS, comparison, ANY/ALL), scalar subqueries in the select list, in FROM.

CREATE TABLE dept (id int PRIMARY KEY, name text);
-- ok CREATE TABLE

CREATE TABLE staff (id int PRIMARY KEY, dept_id int REFERENCES dept(id), name text, pay int);
-- ok CREATE TABLE

INSERT INTO dept VALUES (1, 'eng'), (2, 'ops'), (3, 'legal');
-- ok INSERT 0 3

INSERT INTO staff VALUES (1, 1, 'a', 100), (2, 1, 'b', 150), (3, 2, 'c', 90), (4, 2, 'd', 95), (5, NULL, 'e', 60);
-- ok INSERT 0 5

SELECT name FROM staff WHERE pay > (SELECT avg(pay) FROM staff) ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: a
-- row: b

SELECT name FROM staff WHERE dept_id IN (SELECT id FROM dept WHERE name LIKE 'e%') ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: a
-- row: b

SELECT name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM staff s WHERE s.dept_id = d.id) ORDER BY name;
-- ok SELECT 1
-- cols: name text
-- row: legal

SELECT name FROM dept d WHERE EXISTS (SELECT 1 FROM staff s WHERE s.dept_id = d.id AND s.pay > 120) ORDER BY name;
-- ok SELECT 1
-- cols: name text
-- row: eng

-- correlated comparison
SELECT s.name FROM staff s WHERE s.pay = (SELECT max(pay) FROM staff t WHERE t.dept_id = s.dept_id) ORDER BY s.name;
-- ok SELECT 2
-- cols: name text
-- row: b
-- row: d

SELECT name FROM staff WHERE pay > ANY (SELECT pay FROM staff WHERE dept_id = 2) ORDER BY name;
-- ok SELECT 3
-- cols: name text
-- row: a
-- row: b
-- row: d

SELECT name FROM staff WHERE pay > ALL (SELECT pay FROM staff WHERE dept_id = 2) ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: a
-- row: b

SELECT name FROM staff WHERE pay < SOME (SELECT pay FROM staff WHERE dept_id = 1) ORDER BY name;
-- ok SELECT 4
-- cols: name text
-- row: a
-- row: c
-- row: d
-- row: e

-- scalar subqueries in the select list
SELECT d.name, (SELECT count(*) FROM staff s WHERE s.dept_id = d.id) AS n, (SELECT max(pay) FROM staff s WHERE s.dept_id = d.id) AS top FROM dept d ORDER BY d.id;
-- ok SELECT 3
-- cols: name text | n int8 | top int4
-- row: eng | 2 | 150
-- row: ops | 2 | 95
-- row: legal | 0 | NULL

SELECT (SELECT name FROM dept WHERE id = 2) AS dept_name;
-- ok SELECT 1
-- cols: dept_name text
-- row: ops

SELECT (SELECT name FROM dept WHERE id = 99) AS none;
-- ok SELECT 1
-- cols: none text
-- row: NULL

-- more than one row from a scalar subquery
SELECT (SELECT name FROM dept) AS too_many;
-- error 21000 more than one row returned by a subquery used as an expression

SELECT name FROM staff WHERE dept_id = (SELECT id FROM dept);
-- error 21000 more than one row returned by a subquery used as an expression

-- subqueries in FROM
SELECT t.dept_id, t.total FROM (SELECT dept_id, sum(pay) AS total FROM staff GROUP BY dept_id) AS t WHERE t.total > 100 ORDER BY t.dept_id;
-- ok SELECT 2
-- cols: dept_id int4 | total int8
-- row: 1 | 250
-- row: 2 | 185

SELECT avg(total) FROM (SELECT dept_id, sum(pay) AS total FROM staff WHERE dept_id IS NOT NULL GROUP BY dept_id) x;
-- ok SELECT 1
-- cols: avg numeric
-- row: 217.5000000000000000

SELECT * FROM (SELECT name, pay FROM staff ORDER BY pay DESC LIMIT 2) top2 ORDER BY name;
-- ok SELECT 2
-- cols: name text | pay int4
-- row: a | 100
-- row: b | 150

SELECT * FROM (VALUES (1, 'one'), (2, 'two')) AS v(n, word) ORDER BY n;
-- ok SELECT 2
-- cols: n int4 | word text
-- row: 1 | one
-- row: 2 | two

SELECT sq.a FROM (SELECT 1 AS a UNION ALL SELECT 2) sq ORDER BY sq.a DESC;
-- ok SELECT 2
-- cols: a int4
-- row: 2
-- row: 1

SELECT * FROM (SELECT 1) AS nameless;
-- ok SELECT 1
-- cols: ?column? int4
-- row: 1

-- nested
SELECT name FROM staff WHERE dept_id IN (SELECT id FROM dept WHERE id IN (SELECT dept_id FROM staff WHERE pay < 95)) ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: c
-- row: d

-- IN with a subquery returning two columns
SELECT name FROM staff WHERE dept_id IN (SELECT id, name FROM dept);
-- error 42601 subquery has too many columns

SELECT name FROM staff WHERE (dept_id, pay) IN (SELECT dept_id, max(pay) FROM staff GROUP BY dept_id) ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: b
-- row: d

-- row IN / NOT IN: a row with a NULL where the others are equal compares as NULL
SELECT l.a, l.b, (l.a, l.b) IN (SELECT x, y FROM (VALUES (1, 1), (2, NULL), (NULL, 3)) r(x, y)) AS i, (l.a, l.b) NOT IN (SELECT x, y FROM (VALUES (1, 1), (2, NULL), (NULL, 3)) r(x, y)) AS ni FROM (VALUES (1, 1), (1, 2), (2, 2), (2, 5), (3, 3), (4, 4), (NULL, 1), (NULL, NULL), (5, NULL)) l(a, b) ORDER BY 1, 2;
-- ok SELECT 9
-- cols: a int4 | b int4 | i bool | ni bool
-- row: 1 | 1 | t | f
-- row: 1 | 2 | f | t
-- row: 2 | 2 | NULL | NULL
-- row: 2 | 5 | NULL | NULL
-- row: 3 | 3 | NULL | NULL
-- row: 4 | 4 | f | t
-- row: 5 | NULL | NULL | NULL
-- row: NULL | 1 | NULL | NULL
-- row: NULL | NULL | NULL | NULL

SELECT name FROM staff WHERE (dept_id, name) NOT IN (SELECT dept_id, name FROM staff WHERE pay > 95) ORDER BY name;
-- ok SELECT 3
-- cols: name text
-- row: c
-- row: d
-- row: e

SELECT (1, 'x') <> ALL (SELECT id, name FROM dept), (1, 'eng') = ANY (SELECT id, name FROM dept), (1.0, 'eng') IN (SELECT id, name FROM dept);
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool
-- row: t | t | t

SELECT name FROM staff WHERE (dept_id, pay) IN (SELECT id, 100 FROM dept) ORDER BY name;
-- ok SELECT 1
-- cols: name text
-- row: a

SELECT name FROM staff WHERE pay::numeric IN (SELECT pay FROM staff WHERE pay < 95) ORDER BY name;
-- ok SELECT 2
-- cols: name text
-- row: c
-- row: e

SELECT (1, 2) IN (SELECT 1);
-- error 42601 subquery has too few columns

SELECT (1, 2) < ANY (SELECT 1, 2);
-- ok SELECT 1
-- cols: ?column? bool
-- row: f

-- NOT IN over a subquery that yields NULL
SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM staff);
-- ok SELECT 0
-- cols: name text

SELECT name FROM dept WHERE id NOT IN (SELECT dept_id FROM staff WHERE dept_id IS NOT NULL);
-- ok SELECT 1
-- cols: name text
-- row: legal

-- a subquery in an UPDATE and a DELETE
UPDATE staff SET pay = pay + 10 WHERE dept_id = (SELECT id FROM dept WHERE name = 'ops') RETURNING id, pay;
-- ok UPDATE 2
-- cols: id int4 | pay int4
-- row: 3 | 100
-- row: 4 | 105

DELETE FROM staff WHERE pay < (SELECT min(pay) + 1 FROM staff) RETURNING name;
-- ok DELETE 1
-- cols: name text
-- row: e
