-- ALTER TABLE: add, drop and rename columns, add constraints.

CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL);
-- ok CREATE TABLE

INSERT INTO item VALUES (1, 'one'), (2, 'two');
-- ok INSERT 0 2

ALTER TABLE item ADD COLUMN qty int;
-- ok ALTER TABLE

SELECT id, name, qty FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | name text | qty int4
-- row: 1 | one | NULL
-- row: 2 | two | NULL

-- existing rows get the default of a new column
ALTER TABLE item ADD COLUMN status text NOT NULL DEFAULT 'new';
-- ok ALTER TABLE

SELECT id, status FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | status text
-- row: 1 | new
-- row: 2 | new

-- NOT NULL without a default on a non-empty table
ALTER TABLE item ADD COLUMN code text NOT NULL;
-- error 23502 column "code" of relation "item" contains null values

ALTER TABLE item ADD COLUMN IF NOT EXISTS qty int;
-- ok ALTER TABLE

ALTER TABLE item ADD COLUMN qty int;
-- error 42701 column "qty" of relation "item" already exists

ALTER TABLE item RENAME COLUMN name TO title;
-- ok ALTER TABLE

SELECT id, title FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | title text
-- row: 1 | one
-- row: 2 | two

SELECT name FROM item;
-- error 42703 column "name" does not exist

ALTER TABLE item RENAME COLUMN missing TO other;
-- error 42703 column "missing" does not exist

ALTER TABLE item DROP COLUMN qty;
-- ok ALTER TABLE

SELECT * FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | title text | status text
-- row: 1 | one | new
-- row: 2 | two | new

ALTER TABLE item DROP COLUMN qty;
-- error 42703 column "qty" of relation "item" does not exist

ALTER TABLE item DROP COLUMN IF EXISTS qty;
-- ok ALTER TABLE

ALTER TABLE item ADD COLUMN price numeric(6,2) DEFAULT 1.50;
-- ok ALTER TABLE

SELECT id, price FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | price numeric(6,2)
-- row: 1 | 1.50
-- row: 2 | 1.50

UPDATE item SET price = 5 WHERE id = 2;
-- ok UPDATE 1

-- add a CHECK constraint that existing rows satisfy
ALTER TABLE item ADD CONSTRAINT price_positive CHECK (price > 0);
-- ok ALTER TABLE

INSERT INTO item (id, title, price) VALUES (3, 'three', -1);
-- error 23514 new row for relation "item" violates check constraint "price_positive"

-- a CHECK constraint that existing rows violate
ALTER TABLE item ADD CONSTRAINT price_small CHECK (price < 2);
-- error 23514 check constraint "price_small" of relation "item" is violated by some row

ALTER TABLE item ADD CONSTRAINT title_unique UNIQUE (title);
-- ok ALTER TABLE

INSERT INTO item (id, title) VALUES (3, 'one');
-- error 23505 duplicate key value violates unique constraint "title_unique"

INSERT INTO item (id, title) VALUES (3, 'three');
-- ok INSERT 0 1

UPDATE item SET title = 'two' WHERE id = 3;
-- error 23505 duplicate key value violates unique constraint "title_unique"

-- a UNIQUE constraint that existing rows violate
ALTER TABLE item ADD CONSTRAINT status_unique UNIQUE (status);
-- error 23505 could not create unique index "status_unique"

CREATE TABLE item_note (id int PRIMARY KEY, item_id int, body text);
-- ok CREATE TABLE

INSERT INTO item_note VALUES (1, 1, 'first'), (2, 3, 'third');
-- ok INSERT 0 2

ALTER TABLE item_note ADD CONSTRAINT item_note_item_fk FOREIGN KEY (item_id) REFERENCES item(id);
-- ok ALTER TABLE

INSERT INTO item_note VALUES (3, 42, 'dangling');
-- error 23503 insert or update on table "item_note" violates foreign key constraint "item_note_item_fk"

DELETE FROM item WHERE id = 1;
-- error 23503 update or delete on table "item" violates foreign key constraint "item_note_item_fk" on table "item_note"

-- a FOREIGN KEY that existing rows violate
CREATE TABLE item_tag (id int PRIMARY KEY, item_id int, tag text);
-- ok CREATE TABLE

INSERT INTO item_tag VALUES (1, 77, 'x');
-- ok INSERT 0 1

ALTER TABLE item_tag ADD CONSTRAINT item_tag_fk FOREIGN KEY (item_id) REFERENCES item(id);
-- error 23503 insert or update on table "item_tag" violates foreign key constraint "item_tag_fk"

-- a primary key added later
CREATE TABLE later (a int, b text);
-- ok CREATE TABLE

INSERT INTO later VALUES (1, 'x'), (2, 'y');
-- ok INSERT 0 2
-- differs ormgate-sqlite, ormgate-mysql, ormgate-mongodb: DESIGN.md section 3: until it has a primary key the table is not an entity, and statements on it are refused with 0A000
-- error 0A000

ALTER TABLE later ADD PRIMARY KEY (a);
-- ok ALTER TABLE

INSERT INTO later VALUES (2, 'z');
-- error 23505 duplicate key value violates unique constraint "later_pkey"
-- differs ormgate-sqlite, ormgate-mysql, ormgate-mongodb: the rows above were refused (no primary key then), so this key is new
-- ok INSERT 0 1

ALTER TABLE missing_table ADD COLUMN x int;
-- error 42P01 relation "missing_table" does not exist

ALTER TABLE IF EXISTS missing_table ADD COLUMN x int;
-- ok ALTER TABLE

SELECT id, title, status, price FROM item ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | title text | status text | price numeric(6,2)
-- row: 1 | one | new | 1.50
-- row: 2 | two | new | 5.00
-- row: 3 | three | new | 1.50
