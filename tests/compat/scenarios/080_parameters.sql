-- Statements with $n parameters. The simple protocol sends the values as literals (as a client-side binding
-- driver does); --extended sends them as bind parameters (--binary: in binary). Parameters are cast so that
-- both paths resolve to the same types.

CREATE TABLE item (id int PRIMARY KEY, name text NOT NULL, price numeric(8,2), tags text[], data jsonb, seen timestamptz, ok boolean);
-- ok CREATE TABLE

SET TimeZone = 'UTC';
-- ok SET

-- params: [1, "pen", "1.50", true]
INSERT INTO item (id, name, price, ok) VALUES ($1::int, $2::text, $3::numeric, $4::boolean) RETURNING *;
-- ok INSERT 0 1
-- cols: id int4 | name text | price numeric(8,2) | tags text[] | data jsonb | seen timestamptz | ok bool
-- row: 1 | pen | 1.50 | NULL | NULL | NULL | t

-- params: [2, "ink", "12.00", false]
INSERT INTO item (id, name, price, ok) VALUES ($1::int, $2::text, $3::numeric, $4::boolean);
-- ok INSERT 0 1

-- params: [3, "o'brien", null]
INSERT INTO item (id, name, price) VALUES ($1::int, $2::text, $3::numeric);
-- ok INSERT 0 1

-- params: [1]
SELECT id, name, price FROM item WHERE id = $1::int;
-- ok SELECT 1
-- cols: id int4 | name text | price numeric(8,2)
-- row: 1 | pen | 1.50

-- params: [1, 3]
SELECT id, name FROM item WHERE id BETWEEN $1::int AND $2::int ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | name text
-- row: 1 | pen
-- row: 2 | ink
-- row: 3 | o'brien

-- params: ["%n%"]
SELECT id FROM item WHERE name LIKE $1::text ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 2
-- row: 3

-- params: [5]
SELECT $1::int + 1 AS next, $1::int * 2 AS twice;
-- ok SELECT 1
-- cols: next int4 | twice int4
-- row: 6 | 10

-- params: [10.25]
UPDATE item SET price = $1::numeric WHERE id = 2 RETURNING price;
-- ok UPDATE 1
-- cols: price numeric(8,2)
-- row: 10.25

-- params: ["{\"k\": 1}"]
UPDATE item SET data = $1::jsonb WHERE id = 1 RETURNING data;
-- ok UPDATE 1
-- cols: data jsonb
-- row: {"k": 1}

-- params: ["2024-02-29 12:00:00+00"]
UPDATE item SET seen = $1::timestamptz WHERE id = 1 RETURNING seen;
-- ok UPDATE 1
-- cols: seen timestamptz
-- row: 2024-02-29 12:00:00+00

-- params: ["{a,b}"]
UPDATE item SET tags = $1::text[] WHERE id = 1 RETURNING tags;
-- ok UPDATE 1
-- cols: tags text[]
-- row: {a,b}

-- params: [null]
SELECT count(*) FROM item WHERE price IS NOT DISTINCT FROM $1::numeric;
-- ok SELECT 1
-- cols: count int8
-- row: 1

-- params: ["abc"]
SELECT $1::int;
-- error 22P02 invalid input syntax for type integer: "abc"

-- params: [1, "dup"]
INSERT INTO item (id, name) VALUES ($1::int, $2::text);
-- error 23505 duplicate key value violates unique constraint "item_pkey"

-- params: [2]
DELETE FROM item WHERE id = $1::int RETURNING id, name;
-- ok DELETE 1
-- cols: id int4 | name text
-- row: 2 | ink

SELECT id, name, price, tags, data, seen, ok FROM item ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | name text | price numeric(8,2) | tags text[] | data jsonb | seen timestamptz | ok bool
-- row: 1 | pen | 1.50 | {a,b} | {"k": 1} | 2024-02-29 12:00:00+00 | t
-- row: 3 | o'brien | NULL | NULL | NULL | NULL | NULL
