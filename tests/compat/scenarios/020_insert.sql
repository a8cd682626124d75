-- INSERT: single and multi-row, column lists, DEFAULT, DEFAULT VALUES, INSERT ... SELECT, RETURNING.

CREATE TABLE person (
    id serial PRIMARY KEY,
    name text NOT NULL,
    age int,
    city text DEFAULT 'Paris',
    score numeric(6,2) DEFAULT 0
);
-- ok CREATE TABLE

INSERT INTO person (name, age) VALUES ('alice', 30);
-- ok INSERT 0 1

INSERT INTO person (name, age, city) VALUES ('bob', 25, 'Oslo'), ('carol', NULL, 'Rome'), ('dave', 41, DEFAULT);
-- ok INSERT 0 3

INSERT INTO person VALUES (DEFAULT, 'erin', 19, DEFAULT, 12.5);
-- ok INSERT 0 1

INSERT INTO person (name) VALUES ('frank') RETURNING id;
-- ok INSERT 0 1
-- cols: id int4
-- row: 6

INSERT INTO person (name, age) VALUES ('gina', 33), ('hank', 28) RETURNING *;
-- ok INSERT 0 2
-- cols: id int4 | name text | age int4 | city text | score numeric(6,2)
-- row: 7 | gina | 33 | Paris | 0.00
-- row: 8 | hank | 28 | Paris | 0.00

INSERT INTO person (name, age) VALUES ('ivy', 22) RETURNING id AS new_id, upper(name) AS shout, age + 1 AS next_age;
-- ok INSERT 0 1
-- cols: new_id int4 | shout text | next_age int4
-- row: 9 | IVY | 23

SELECT id, name, age, city, score FROM person ORDER BY id;
-- ok SELECT 9
-- cols: id int4 | name text | age int4 | city text | score numeric(6,2)
-- row: 1 | alice | 30 | Paris | 0.00
-- row: 2 | bob | 25 | Oslo | 0.00
-- row: 3 | carol | NULL | Rome | 0.00
-- row: 4 | dave | 41 | Paris | 0.00
-- row: 5 | erin | 19 | Paris | 12.50
-- row: 6 | frank | NULL | Paris | 0.00
-- row: 7 | gina | 33 | Paris | 0.00
-- row: 8 | hank | 28 | Paris | 0.00
-- row: 9 | ivy | 22 | Paris | 0.00

-- explicit id, then the sequence goes on independently
INSERT INTO person (id, name) VALUES (100, 'zed');
-- ok INSERT 0 1

SELECT count(*), max(id) FROM person;
-- ok SELECT 1
-- cols: count int8 | max int4
-- row: 10 | 100

CREATE TABLE defaults_only (id serial PRIMARY KEY, created text DEFAULT 'x', n int DEFAULT 7);
-- ok CREATE TABLE

INSERT INTO defaults_only DEFAULT VALUES;
-- ok INSERT 0 1

INSERT INTO defaults_only DEFAULT VALUES RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | created text | n int4
-- row: 2 | x | 7

SELECT * FROM defaults_only ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | created text | n int4
-- row: 1 | x | 7
-- row: 2 | x | 7

CREATE TABLE adult (id int PRIMARY KEY, name text, age int);
-- ok CREATE TABLE

INSERT INTO adult (id, name, age) SELECT id, name, age FROM person WHERE age >= 30 ORDER BY id;
-- ok INSERT 0 3

SELECT * FROM adult ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | name text | age int4
-- row: 1 | alice | 30
-- row: 4 | dave | 41
-- row: 7 | gina | 33

INSERT INTO adult SELECT id + 1000, upper(name), age * 2 FROM person WHERE city = 'Oslo' RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | name text | age int4
-- row: 1002 | BOB | 50

INSERT INTO adult (id, name) SELECT g, 'gen' || g FROM generate_series(1, 3) AS g WHERE g > 10;
-- ok INSERT 0 0

SELECT count(*) FROM adult;
-- ok SELECT 1
-- cols: count int8
-- row: 4

-- wrong number of values
INSERT INTO adult (id, name) VALUES (1);
-- error 42601 INSERT has more target columns than expressions

INSERT INTO adult (id) VALUES (1, 'x');
-- error 42601 INSERT has more expressions than target columns

-- unknown column
INSERT INTO adult (id, nope) VALUES (1, 2);
-- error 42703 column "nope" of relation "adult" does not exist

-- unknown table
INSERT INTO nope (id) VALUES (1);
-- error 42P01 relation "nope" does not exist

-- text for an int column
INSERT INTO adult (id, name, age) VALUES (2000, 'x', 'old');
-- error 22P02 invalid input syntax for type integer: "old"

-- a string literal that is a valid integer is accepted
INSERT INTO adult (id, name, age) VALUES ('2001', 'y', '42') RETURNING id, age;
-- ok INSERT 0 1
-- cols: id int4 | age int4
-- row: 2001 | 42

-- an expression in VALUES
INSERT INTO adult VALUES (2002, 'a' || 'b', 6 * 7) RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | name text | age int4
-- row: 2002 | ab | 42

-- a failed multi-row INSERT inserts nothing
INSERT INTO adult (id, name) VALUES (3000, 'ok'), (2001, 'dup');
-- error 23505 duplicate key value violates unique constraint "adult_pkey"

SELECT count(*) FROM adult WHERE id >= 2000;
-- ok SELECT 1
-- cols: count int8
-- row: 2

-- RETURNING with a subquery-free computed column list
INSERT INTO person (name, age, city) VALUES ('jack', 50, 'Lima') RETURNING name || '@' || city AS tag, age / 7 AS weeks, age % 7 AS rest;
-- ok INSERT 0 1
-- cols: tag text | weeks int4 | rest int4
-- row: jack@Lima | 7 | 1
