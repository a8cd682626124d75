-- Errors and their SQLSTATEs; the session survives every one of them.

CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
-- ok CREATE TABLE

CREATE TABLE child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES parent(id), qty int CHECK (qty BETWEEN 1 AND 10), label varchar(4), n smallint, d date);
-- ok CREATE TABLE

INSERT INTO parent VALUES (1, 'a');
-- ok INSERT 0 1

-- 23505 unique_violation: primary key, unique column
INSERT INTO parent VALUES (1, 'b');
-- error 23505 duplicate key value violates unique constraint "parent_pkey"

INSERT INTO parent VALUES (2, 'a');
-- error 23505 duplicate key value violates unique constraint "parent_code_key"

-- 23503 foreign_key_violation: insert, update, delete
INSERT INTO child (id, parent_id) VALUES (1, 2);
-- error 23503 insert or update on table "child" violates foreign key constraint "child_parent_id_fkey"

INSERT INTO child (id, parent_id, qty) VALUES (1, 1, 5);
-- ok INSERT 0 1

UPDATE child SET parent_id = 3 WHERE id = 1;
-- error 23503 insert or update on table "child" violates foreign key constraint "child_parent_id_fkey"

DELETE FROM parent WHERE id = 1;
-- error 23503 update or delete on table "parent" violates foreign key constraint "child_parent_id_fkey" on table "child"

-- 23502 not_null_violation: omitted, explicit NULL, update to NULL
INSERT INTO child (id) VALUES (2);
-- error 23502 null value in column "parent_id" of relation "child" violates not-null constraint

INSERT INTO child (id, parent_id) VALUES (2, NULL);
-- error 23502 null value in column "parent_id" of relation "child" violates not-null constraint

UPDATE child SET parent_id = NULL;
-- error 23502 null value in column "parent_id" of relation "child" violates not-null constraint

-- 23514 check_violation
INSERT INTO child (id, parent_id, qty) VALUES (3, 1, 0);
-- error 23514 new row for relation "child" violates check constraint "child_qty_check"

UPDATE child SET qty = qty * 100;
-- error 23514 new row for relation "child" violates check constraint "child_qty_check"

-- 22P02 invalid_text_representation
INSERT INTO child (id, parent_id, qty) VALUES (4, 1, 'five');
-- error 22P02 invalid input syntax for type integer: "five"

SELECT 'abc'::int;
-- error 22P02 invalid input syntax for type integer: "abc"

SELECT '1.5'::int;
-- error 22P02 invalid input syntax for type integer: "1.5"

SELECT 'yes please'::boolean;
-- error 22P02 invalid input syntax for type boolean: "yes please"

SELECT '{"a":'::jsonb;
-- error 22P02 invalid input syntax for type json

SELECT 'xyz'::uuid;
-- error 22P02 invalid input syntax for type uuid: "xyz"

SELECT * FROM child WHERE id = 'one';
-- error 22P02 invalid input syntax for type integer: "one"

-- 22001 string_data_right_truncation
INSERT INTO child (id, parent_id, label) VALUES (5, 1, 'toolong');
-- error 22001 value too long for type character varying(4)

UPDATE child SET label = 'abcde' WHERE id = 1;
-- error 22001 value too long for type character varying(4)

-- an explicit cast truncates silently
SELECT 'toolong'::varchar(4);
-- ok SELECT 1
-- cols: varchar varchar(4)
-- row: tool

-- 22003 numeric_value_out_of_range
INSERT INTO child (id, parent_id, n) VALUES (6, 1, 40000);
-- error 22003 smallint out of range

SELECT 2147483647 + 1;
-- error 22003 integer out of range

SELECT 123.45::numeric(4,2);
-- error 22003 numeric field overflow

SELECT 10::int2 * 10000::int2;
-- error 22003 smallint out of range

-- 22012 division_by_zero
SELECT 1 / 0;
-- error 22012 division by zero

SELECT qty / 0 FROM child;
-- error 22012 division by zero

SELECT 1.0 % 0;
-- error 22012 division by zero

-- 22008 datetime_field_overflow
INSERT INTO child (id, parent_id, d) VALUES (7, 1, '2024-13-01');
-- error 22008 date/time field value out of range: "2024-13-01"

-- 42P01 undefined_table
SELECT * FROM missing;
-- error 42P01 relation "missing" does not exist

INSERT INTO missing VALUES (1);
-- error 42P01 relation "missing" does not exist

UPDATE missing SET a = 1;
-- error 42P01 relation "missing" does not exist

DELETE FROM missing;
-- error 42P01 relation "missing" does not exist

SELECT * FROM child JOIN missing ON true;
-- error 42P01 relation "missing" does not exist

-- 42703 undefined_column
SELECT missing FROM child;
-- error 42703 column "missing" does not exist

SELECT id FROM child WHERE missing = 1;
-- error 42703 column "missing" does not exist

SELECT id FROM child ORDER BY missing;
-- error 42703 column "missing" does not exist

INSERT INTO child (id, parent_id, missing) VALUES (8, 1, 1);
-- error 42703 column "missing" of relation "child" does not exist

UPDATE child SET missing = 1;
-- error 42703 column "missing" of relation "child" does not exist

SELECT child.missing FROM child;
-- error 42703 column child.missing does not exist

-- 42601 syntax_error
SELEC 1;
-- error 42601 syntax error at or near "SELEC"

SELECT * FROM;
-- error 42601 syntax error at or near ";"

SELECT 1 +;
-- error 42601 syntax error at or near ";"

INSERT INTO child VALUES (;
-- error 42601 syntax error at or near ";"

SELECT (1 + 2;
-- error 42601 syntax error at or near ";"

CREATE TABLE (id int);
-- error 42601 syntax error at or near "("

SELECT * FROM child WHERE;
-- error 42601 syntax error at or near ";"

-- 42P07 duplicate_table, 42701 duplicate_column
CREATE TABLE parent (id int);
-- error 42P07 relation "parent" already exists

CREATE TABLE dupcol (a int, a int);
-- error 42701 column "a" specified more than once

-- 42804 datatype_mismatch, 42883 undefined_function
SELECT * FROM child WHERE 1;
-- error 42804 argument of WHERE must be type boolean, not type integer

SELECT 'a' + 1;
-- error 22P02 invalid input syntax for type integer: "a"

SELECT no_such_function(1);
-- error 42883 function no_such_function(integer) does not exist

-- 42702 ambiguous_column
SELECT id FROM parent, child;
-- error 42702 column reference "id" is ambiguous

-- 42803 grouping_error
SELECT id, count(*) FROM child;
-- error 42803 column "child.id" must appear in the GROUP BY clause or be used in an aggregate function

-- 21000 cardinality_violation
SELECT (SELECT id FROM parent UNION ALL SELECT 2);
-- error 21000 more than one row returned by a subquery used as an expression

-- 42P10 invalid_column_reference
INSERT INTO parent VALUES (1, 'z') ON CONFLICT (code, id) DO NOTHING;
-- error 42P10 there is no unique or exclusion constraint matching the ON CONFLICT specification

-- after all these errors the session still works
SELECT p.id, p.code, c.id AS child_id, c.qty FROM parent p LEFT JOIN child c ON c.parent_id = p.id ORDER BY p.id;
-- ok SELECT 1
-- cols: id int4 | code text | child_id int4 | qty int4
-- row: 1 | a | 1 | 5
