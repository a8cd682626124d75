-- UPDATE and DELETE: by primary key, by any WHERE, with expressions and RETURNING.

CREATE TABLE stock (id int PRIMARY KEY, sku text NOT NULL UNIQUE, qty int NOT NULL DEFAULT 0 CHECK (qty >= 0), price numeric(8,2), note text);
-- ok CREATE TABLE

INSERT INTO stock VALUES (1, 'A-1', 10, 2.50, NULL), (2, 'A-2', 0, 3.00, 'empty'), (3, 'B-1', 5, 10.00, NULL), (4, 'B-2', 7, NULL, 'no price'), (5, 'C-1', 1, 0.99, NULL);
-- ok INSERT 0 5

UPDATE stock SET qty = 11 WHERE id = 1;
-- ok UPDATE 1

UPDATE stock SET qty = 11 WHERE id = 42;
-- ok UPDATE 0

UPDATE stock SET price = price * 2 WHERE sku LIKE 'B-%';
-- ok UPDATE 2

UPDATE stock SET note = 'restock', qty = qty + 5 WHERE qty < 2 RETURNING id, qty, note;
-- ok UPDATE 2
-- cols: id int4 | qty int4 | note text
-- row: 2 | 5 | restock
-- row: 5 | 6 | restock

UPDATE stock SET note = NULL WHERE note = 'restock' RETURNING id;
-- ok UPDATE 2
-- cols: id int4
-- row: 2
-- row: 5

UPDATE stock SET price = 1 WHERE price IS NULL RETURNING id, sku, price;
-- ok UPDATE 1
-- cols: id int4 | sku text | price numeric(8,2)
-- row: 4 | B-2 | 1.00

SELECT id, sku, qty, price, note FROM stock ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | sku text | qty int4 | price numeric(8,2) | note text
-- row: 1 | A-1 | 11 | 2.50 | NULL
-- row: 2 | A-2 | 5 | 3.00 | NULL
-- row: 3 | B-1 | 5 | 20.00 | NULL
-- row: 4 | B-2 | 7 | 1.00 | no price
-- row: 5 | C-1 | 6 | 0.99 | NULL

-- an UPDATE without WHERE touches every row
UPDATE stock SET qty = qty + 1;
-- ok UPDATE 5

SELECT sum(qty) FROM stock;
-- ok SELECT 1
-- cols: sum int8
-- row: 39

-- constraint violations leave the rows unchanged
UPDATE stock SET qty = -1 WHERE id = 2;
-- error 23514 new row for relation "stock" violates check constraint "stock_qty_check"

UPDATE stock SET sku = 'A-1' WHERE id = 2;
-- error 23505 duplicate key value violates unique constraint "stock_sku_key"

UPDATE stock SET sku = NULL WHERE id = 2;
-- error 23502 null value in column "sku" of relation "stock" violates not-null constraint

UPDATE stock SET qty = qty - 100;
-- error 23514 new row for relation "stock" violates check constraint "stock_qty_check"

SELECT id, qty FROM stock ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | qty int4
-- row: 1 | 12
-- row: 2 | 6
-- row: 3 | 6
-- row: 4 | 8
-- row: 5 | 7

-- updating the primary key
UPDATE stock SET id = 50 WHERE id = 5 RETURNING id, sku;
-- ok UPDATE 1
-- cols: id int4 | sku text
-- row: 50 | C-1

UPDATE stock SET id = 1 WHERE id = 2;
-- error 23505 duplicate key value violates unique constraint "stock_pkey"

-- a value computed from other columns and a CASE
UPDATE stock SET note = CASE WHEN qty > 10 THEN 'many' ELSE 'few' END RETURNING id, note;
-- ok UPDATE 5
-- cols: id int4 | note text
-- row: 1 | many
-- row: 3 | few
-- row: 2 | few
-- row: 4 | few
-- row: 50 | few
-- differs ormgate-sqlite: RETURNING rows come in the order the backend visits them; PostgreSQL's heap order put row 2 after row 3 (it was updated earlier); SQL promises no order here
-- ok UPDATE 5
-- cols: id int4 | note text
-- row: 1 | many
-- row: 2 | few
-- row: 3 | few
-- row: 4 | few
-- row: 50 | few

-- UPDATE ... FROM another table
CREATE TABLE price_change (sku text PRIMARY KEY, new_price numeric(8,2));
-- ok CREATE TABLE

INSERT INTO price_change VALUES ('A-1', 2.75), ('C-1', 1.25), ('Z-9', 9.99);
-- ok INSERT 0 3

UPDATE stock SET price = pc.new_price FROM price_change pc WHERE stock.sku = pc.sku RETURNING stock.id, stock.price;
-- ok UPDATE 2
-- cols: id int4 | price numeric(8,2)
-- row: 1 | 2.75
-- row: 50 | 1.25

-- a subquery in WHERE
UPDATE stock SET note = 'changed' WHERE sku IN (SELECT sku FROM price_change) RETURNING id;
-- ok UPDATE 2
-- cols: id int4
-- row: 1
-- row: 50

UPDATE stock SET nope = 1;
-- error 42703 column "nope" of relation "stock" does not exist

UPDATE stock SET qty = 'many' WHERE id = 1;
-- error 22P02 invalid input syntax for type integer: "many"

UPDATE nope SET x = 1;
-- error 42P01 relation "nope" does not exist

DELETE FROM stock WHERE id = 3;
-- ok DELETE 1

DELETE FROM stock WHERE id = 3;
-- ok DELETE 0

DELETE FROM stock WHERE qty > 100 RETURNING id;
-- ok DELETE 0
-- cols: id int4

DELETE FROM stock WHERE note = 'changed' RETURNING id, sku, note;
-- ok DELETE 2
-- cols: id int4 | sku text | note text
-- row: 1 | A-1 | changed
-- row: 50 | C-1 | changed

SELECT id, sku FROM stock ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | sku text
-- row: 2 | A-2
-- row: 4 | B-2

DELETE FROM stock WHERE id IN (SELECT id FROM stock WHERE price IS NULL OR price > 5) RETURNING *;
-- ok DELETE 0
-- cols: id int4 | sku text | qty int4 | price numeric(8,2) | note text

DELETE FROM stock USING price_change pc WHERE stock.sku = pc.sku;
-- ok DELETE 0

DELETE FROM stock;
-- ok DELETE 2

SELECT count(*) FROM stock;
-- ok SELECT 1
-- cols: count int8
-- row: 0

DELETE FROM nope;
-- error 42P01 relation "nope" does not exist

-- ON DELETE SET NULL and RESTRICT
CREATE TABLE team (id int PRIMARY KEY, name text);
-- ok CREATE TABLE

CREATE TABLE member (id int PRIMARY KEY, team_id int REFERENCES team(id) ON DELETE SET NULL, name text);
-- ok CREATE TABLE

CREATE TABLE badge (id int PRIMARY KEY, team_id int REFERENCES team(id) ON DELETE RESTRICT);
-- ok CREATE TABLE

INSERT INTO team VALUES (1, 'red'), (2, 'blue');
-- ok INSERT 0 2

INSERT INTO member VALUES (1, 1, 'm1'), (2, 1, 'm2'), (3, 2, 'm3');
-- ok INSERT 0 3

INSERT INTO badge VALUES (1, 2);
-- ok INSERT 0 1

DELETE FROM team WHERE id = 1;
-- ok DELETE 1

SELECT id, team_id, name FROM member ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | team_id int4 | name text
-- row: 1 | NULL | m1
-- row: 2 | NULL | m2
-- row: 3 | 2 | m3

DELETE FROM team WHERE id = 2;
-- error 23503 update or delete on table "team" violates foreign key constraint "badge_team_id_fkey" on table "badge"

UPDATE team SET id = 3 WHERE id = 2;
-- error 23503 update or delete on table "team" violates foreign key constraint "member_team_id_fkey" on table "member"

SELECT id, name FROM team ORDER BY id;
-- ok SELECT 1
-- cols: id int4 | name text
-- row: 2 | blue
