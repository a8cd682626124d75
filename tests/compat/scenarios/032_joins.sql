-- Joins: inner and left along foreign keys, other equality joins, self-joins, several tables.

CREATE TABLE customer (id int PRIMARY KEY, name text NOT NULL, country text);
-- ok CREATE TABLE

CREATE TABLE orders (id int PRIMARY KEY, customer_id int REFERENCES customer(id), total numeric(8,2), status text);
-- ok CREATE TABLE

CREATE TABLE order_line (order_id int REFERENCES orders(id), line int, product text, qty int, PRIMARY KEY (order_id, line));
-- ok CREATE TABLE

CREATE TABLE country_info (code text PRIMARY KEY, label text);
-- ok CREATE TABLE

INSERT INTO customer VALUES (1, 'Ann', 'FR'), (2, 'Ben', 'DE'), (3, 'Cid', NULL), (4, 'Dot', 'FR');
-- ok INSERT 0 4

INSERT INTO orders VALUES (10, 1, 25.00, 'paid'), (11, 1, 5.50, 'open'), (12, 2, 100.00, 'paid'), (13, NULL, 1.00, 'open');
-- ok INSERT 0 4

INSERT INTO order_line VALUES (10, 1, 'pen', 5), (10, 2, 'ink', 1), (11, 1, 'pen', 1), (12, 1, 'desk', 1);
-- ok INSERT 0 4

INSERT INTO country_info VALUES ('FR', 'France'), ('DE', 'Germany'), ('IT', 'Italy');
-- ok INSERT 0 3

SELECT c.name, o.id, o.total FROM customer c JOIN orders o ON o.customer_id = c.id ORDER BY o.id;
-- ok SELECT 3
-- cols: name text | id int4 | total numeric(8,2)
-- row: Ann | 10 | 25.00
-- row: Ann | 11 | 5.50
-- row: Ben | 12 | 100.00

SELECT c.name, o.id, o.total FROM customer c INNER JOIN orders o ON o.customer_id = c.id WHERE o.status = 'paid' ORDER BY o.id;
-- ok SELECT 2
-- cols: name text | id int4 | total numeric(8,2)
-- row: Ann | 10 | 25.00
-- row: Ben | 12 | 100.00

SELECT c.name, o.id FROM customer c LEFT JOIN orders o ON o.customer_id = c.id ORDER BY c.id, o.id;
-- ok SELECT 5
-- cols: name text | id int4
-- row: Ann | 10
-- row: Ann | 11
-- row: Ben | 12
-- row: Cid | NULL
-- row: Dot | NULL

SELECT c.name, o.id FROM customer c LEFT OUTER JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL ORDER BY c.id;
-- ok SELECT 2
-- cols: name text | id int4
-- row: Cid | NULL
-- row: Dot | NULL

SELECT o.id, c.name FROM orders o LEFT JOIN customer c ON c.id = o.customer_id ORDER BY o.id;
-- ok SELECT 4
-- cols: id int4 | name text
-- row: 10 | Ann
-- row: 11 | Ann
-- row: 12 | Ben
-- row: 13 | NULL

SELECT o.id, c.name FROM orders o RIGHT JOIN customer c ON c.id = o.customer_id ORDER BY c.id, o.id;
-- ok SELECT 5
-- cols: id int4 | name text
-- row: 10 | Ann
-- row: 11 | Ann
-- row: 12 | Ben
-- row: NULL | Cid
-- row: NULL | Dot

SELECT o.id AS order_id, c.id AS customer_id FROM orders o FULL JOIN customer c ON c.id = o.customer_id ORDER BY o.id NULLS LAST, c.id;
-- ok SELECT 6
-- cols: order_id int4 | customer_id int4
-- row: 10 | 1
-- row: 11 | 1
-- row: 12 | 2
-- row: 13 | NULL
-- row: NULL | 3
-- row: NULL | 4

-- three tables along the foreign keys
SELECT c.name, o.id, l.line, l.product, l.qty FROM customer c JOIN orders o ON o.customer_id = c.id JOIN order_line l ON l.order_id = o.id ORDER BY o.id, l.line;
-- ok SELECT 4
-- cols: name text | id int4 | line int4 | product text | qty int4
-- row: Ann | 10 | 1 | pen | 5
-- row: Ann | 10 | 2 | ink | 1
-- row: Ann | 11 | 1 | pen | 1
-- row: Ben | 12 | 1 | desk | 1

-- an equality join that is not a foreign key
SELECT c.name, ci.label FROM customer c JOIN country_info ci ON ci.code = c.country ORDER BY c.id;
-- ok SELECT 3
-- cols: name text | label text
-- row: Ann | France
-- row: Ben | Germany
-- row: Dot | France

SELECT c.name, ci.label FROM customer c LEFT JOIN country_info ci ON ci.code = c.country ORDER BY c.id;
-- ok SELECT 4
-- cols: name text | label text
-- row: Ann | France
-- row: Ben | Germany
-- row: Cid | NULL
-- row: Dot | France

SELECT ci.code, count(c.id) FROM country_info ci LEFT JOIN customer c ON c.country = ci.code GROUP BY ci.code ORDER BY ci.code;
-- ok SELECT 3
-- cols: code text | count int8
-- row: DE | 1
-- row: FR | 2
-- row: IT | 0

-- self-join
SELECT a.name, b.name FROM customer a JOIN customer b ON a.country = b.country AND a.id < b.id ORDER BY a.id, b.id;
-- ok SELECT 1
-- cols: name text | name text
-- row: Ann | Dot

-- join condition with extra predicates in ON versus WHERE
SELECT c.name, o.id FROM customer c LEFT JOIN orders o ON o.customer_id = c.id AND o.status = 'paid' ORDER BY c.id, o.id;
-- ok SELECT 4
-- cols: name text | id int4
-- row: Ann | 10
-- row: Ben | 12
-- row: Cid | NULL
-- row: Dot | NULL

SELECT c.name, o.id FROM customer c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.status = 'paid' ORDER BY c.id, o.id;
-- ok SELECT 2
-- cols: name text | id int4
-- row: Ann | 10
-- row: Ben | 12

-- implicit join in FROM
SELECT c.name, o.total FROM customer c, orders o WHERE o.customer_id = c.id AND o.total > 10 ORDER BY o.id;
-- ok SELECT 2
-- cols: name text | total numeric(8,2)
-- row: Ann | 25.00
-- row: Ben | 100.00

SELECT count(*) FROM customer CROSS JOIN country_info;
-- ok SELECT 1
-- cols: count int8
-- row: 12

SELECT customer_id, name FROM orders JOIN customer ON customer.id = orders.customer_id WHERE orders.id = 12;
-- ok SELECT 1
-- cols: customer_id int4 | name text
-- row: 2 | Ben

-- USING and NATURAL
CREATE TABLE order_note (order_id int PRIMARY KEY, note text);
-- ok CREATE TABLE

INSERT INTO order_note VALUES (10, 'gift'), (12, 'fragile');
-- ok INSERT 0 2

SELECT order_id, line, note FROM order_line JOIN order_note USING (order_id) ORDER BY order_id, line;
-- ok SELECT 3
-- cols: order_id int4 | line int4 | note text
-- row: 10 | 1 | gift
-- row: 10 | 2 | gift
-- row: 12 | 1 | fragile

SELECT order_id, note, product FROM order_note NATURAL JOIN order_line ORDER BY order_id, line;
-- ok SELECT 3
-- cols: order_id int4 | note text | product text
-- row: 10 | gift | pen
-- row: 10 | gift | ink
-- row: 12 | fragile | desk

-- aggregates over a join
SELECT c.name, count(o.id) AS orders, coalesce(sum(o.total), 0) AS spent FROM customer c LEFT JOIN orders o ON o.customer_id = c.id GROUP BY c.id, c.name ORDER BY c.id;
-- ok SELECT 4
-- cols: name text | orders int8 | spent numeric
-- row: Ann | 2 | 30.50
-- row: Ben | 1 | 100.00
-- row: Cid | 0 | 0
-- row: Dot | 0 | 0

SELECT o.id, sum(l.qty) FROM orders o JOIN order_line l ON l.order_id = o.id GROUP BY o.id HAVING sum(l.qty) > 1 ORDER BY o.id;
-- ok SELECT 1
-- cols: id int4 | sum int8
-- row: 10 | 6

-- ambiguous column
SELECT id FROM customer JOIN orders ON orders.customer_id = customer.id;
-- error 42702 column reference "id" is ambiguous

SELECT c.name FROM customer c JOIN orders o ON o.nope = c.id;
-- error 42703 column o.nope does not exist

-- join on a derived table
SELECT c.name, t.n FROM customer c JOIN (SELECT customer_id, count(*) AS n FROM orders GROUP BY customer_id) t ON t.customer_id = c.id ORDER BY c.id;
-- ok SELECT 2
-- cols: name text | n int8
-- row: Ann | 2
-- row: Ben | 1

-- LATERAL
SELECT c.name, last.id FROM customer c LEFT JOIN LATERAL (SELECT id FROM orders o WHERE o.customer_id = c.id ORDER BY id DESC LIMIT 1) last ON true ORDER BY c.id;
-- ok SELECT 4
-- cols: name text | id int4
-- row: Ann | 11
-- row: Ben | 12
-- row: Cid | NULL
-- row: Dot | NULL

-- a LATERAL subquery runs once per row of the items before it (SQLite: json_each over its rows)
SELECT c.name, s.n, s.total FROM customer c, LATERAL (SELECT count(*) AS n, sum(o.total) AS total FROM orders o WHERE o.customer_id = c.id) s ORDER BY c.id;
-- ok SELECT 4
-- cols: name text | n int8 | total numeric
-- row: Ann | 2 | 30.50
-- row: Ben | 1 | 100.00
-- row: Cid | 0 | NULL
-- row: Dot | 0 | NULL

SELECT c.id, a.v, b.w, b.big FROM customer c CROSS JOIN LATERAL (SELECT c.id * 10 AS v) a JOIN LATERAL (SELECT a.v + 1 AS w, a.v > 20 AS big) b ON b.w > 11 ORDER BY c.id;
-- ok SELECT 3
-- cols: id int4 | v int4 | w int4 | big bool
-- row: 2 | 20 | 21 | f
-- row: 3 | 30 | 31 | t
-- row: 4 | 40 | 41 | t

SELECT c.name, l.product, l.qty FROM customer c JOIN LATERAL (SELECT ol.product, ol.qty FROM orders o JOIN order_line ol ON ol.order_id = o.id WHERE o.customer_id = c.id ORDER BY ol.qty DESC, ol.product LIMIT 2) l ON true ORDER BY c.id, l.qty DESC, l.product;
-- ok SELECT 3
-- cols: name text | product text | qty int4
-- row: Ann | pen | 5
-- row: Ann | ink | 1
-- row: Ben | desk | 1

SELECT c.name, x.nm FROM customer c, LATERAL (SELECT c.name || '!' UNION ALL SELECT c.country) x(nm) ORDER BY c.id, x.nm NULLS FIRST;
-- ok SELECT 8
-- cols: name text | nm text
-- row: Ann | Ann!
-- row: Ann | FR
-- row: Ben | Ben!
-- row: Ben | DE
-- row: Cid | NULL
-- row: Cid | Cid!
-- row: Dot | Dot!
-- row: Dot | FR

SELECT c.id, o.id FROM customer c RIGHT JOIN LATERAL (SELECT o.id FROM orders o WHERE o.customer_id = c.id) o ON true;
-- error 42P10 invalid reference to FROM-clause entry for table "c"

SELECT c.id, ci.code, o.id FROM customer c, country_info ci RIGHT JOIN orders o ON o.status = 'paid' AND ci.code = 'IT' WHERE c.id < 3 ORDER BY 1, 2, 3;
-- ok SELECT 8
-- cols: id int4 | code text | id int4
-- row: 1 | IT | 10
-- row: 1 | IT | 12
-- row: 1 | NULL | 11
-- row: 1 | NULL | 13
-- row: 2 | IT | 10
-- row: 2 | IT | 12
-- row: 2 | NULL | 11
-- row: 2 | NULL | 13

-- a many-to-many pivot: its primary key is exactly two foreign keys
CREATE TABLE tag (id int PRIMARY KEY, label text NOT NULL UNIQUE);
-- ok CREATE TABLE

CREATE TABLE customer_tag (customer_id int REFERENCES customer(id) ON DELETE CASCADE, tag_id int REFERENCES tag(id) ON DELETE CASCADE, PRIMARY KEY (customer_id, tag_id));
-- ok CREATE TABLE

INSERT INTO tag VALUES (1, 'vip'), (2, 'new'), (3, 'unused');
-- ok INSERT 0 3

INSERT INTO customer_tag VALUES (1, 1), (1, 2), (2, 2), (4, 1);
-- ok INSERT 0 4

INSERT INTO customer_tag VALUES (1, 1);
-- error 23505 duplicate key value violates unique constraint "customer_tag_pkey"

INSERT INTO customer_tag VALUES (1, 9);
-- error 23503 insert or update on table "customer_tag" violates foreign key constraint "customer_tag_tag_id_fkey"

SELECT c.name, t.label FROM customer c JOIN customer_tag ct ON ct.customer_id = c.id JOIN tag t ON t.id = ct.tag_id ORDER BY c.id, t.label;
-- ok SELECT 4
-- cols: name text | label text
-- row: Ann | new
-- row: Ann | vip
-- row: Ben | new
-- row: Dot | vip

SELECT t.label, count(ct.customer_id) FROM tag t LEFT JOIN customer_tag ct ON ct.tag_id = t.id GROUP BY t.label ORDER BY t.label;
-- ok SELECT 3
-- cols: label text | count int8
-- row: new | 2
-- row: unused | 0
-- row: vip | 2

SELECT c.name FROM customer c WHERE EXISTS (SELECT 1 FROM customer_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.customer_id = c.id AND t.label = 'vip') ORDER BY c.name;
-- ok SELECT 2
-- cols: name text
-- row: Ann
-- row: Dot

DELETE FROM tag WHERE id = 2;
-- ok DELETE 1

SELECT customer_id, tag_id FROM customer_tag ORDER BY customer_id, tag_id;
-- ok SELECT 2
-- cols: customer_id int4 | tag_id int4
-- row: 1 | 1
-- row: 4 | 1

