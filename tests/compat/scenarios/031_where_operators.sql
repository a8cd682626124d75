-- WHERE: comparison, AND/OR/NOT, IN, EXISTS, BETWEEN, LIKE/ILIKE, IS [NOT] NULL, arithmetic, ||, CASE, casts.

CREATE TABLE p (id int PRIMARY KEY, name text, qty int, price numeric(8,2), tag text, flag boolean);
-- ok CREATE TABLE

INSERT INTO p VALUES
    (1, 'apple', 10, 1.20, 'fruit', true),
    (2, 'Apricot', 0, 2.50, 'fruit', false),
    (3, 'banana', 25, 0.50, 'fruit', NULL),
    (4, 'carrot', NULL, 0.80, 'veg', true),
    (5, 'Cabbage', 3, NULL, 'veg', false),
    (6, '100%_juice', 7, 3.10, NULL, true),
    (7, 'date', 12, 4.00, 'fruit', true);
-- ok INSERT 0 7

SELECT id FROM p WHERE qty = 10;
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM p WHERE qty <> 10 ORDER BY id;
-- ok SELECT 5
-- cols: id int4
-- row: 2
-- row: 3
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE qty != 10 ORDER BY id;
-- ok SELECT 5
-- cols: id int4
-- row: 2
-- row: 3
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE qty < 10 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 2
-- row: 5
-- row: 6

SELECT id FROM p WHERE qty <= 10 ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 2
-- row: 5
-- row: 6

SELECT id FROM p WHERE qty > 10 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 3
-- row: 7

SELECT id FROM p WHERE qty >= 10 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 3
-- row: 7

SELECT id FROM p WHERE price > 1 AND qty > 5 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 6
-- row: 7

SELECT id FROM p WHERE price > 3 OR qty = 0 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 2
-- row: 6
-- row: 7

SELECT id FROM p WHERE NOT (qty > 5) ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 5

SELECT id FROM p WHERE (tag = 'veg' OR tag IS NULL) AND NOT flag ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 5

SELECT id FROM p WHERE flag ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 4
-- row: 6
-- row: 7

SELECT id FROM p WHERE NOT flag ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 5

SELECT id FROM p WHERE flag IS NOT TRUE ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 2
-- row: 3
-- row: 5

SELECT id FROM p WHERE flag IS UNKNOWN ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE id IN (1, 3, 5, 99) ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 3
-- row: 5

SELECT id FROM p WHERE id NOT IN (1, 3, 5) ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 2
-- row: 4
-- row: 6
-- row: 7

SELECT id FROM p WHERE tag IN ('veg') ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 4
-- row: 5

-- NOT IN with a NULL in the list is never true
SELECT id FROM p WHERE qty NOT IN (10, NULL) ORDER BY id;
-- ok SELECT 0
-- cols: id int4

SELECT id FROM p WHERE qty IN (SELECT qty FROM p WHERE tag = 'veg') ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 5

SELECT id FROM p WHERE qty NOT IN (SELECT qty FROM p WHERE tag = 'veg') ORDER BY id;
-- ok SELECT 0
-- cols: id int4

SELECT id FROM p WHERE EXISTS (SELECT 1 FROM p q WHERE q.qty > p.qty * 2) ORDER BY id;
-- ok SELECT 5
-- cols: id int4
-- row: 1
-- row: 2
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE NOT EXISTS (SELECT 1 FROM p q WHERE q.price > p.price) ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 5
-- row: 7

SELECT id FROM p WHERE qty BETWEEN 3 AND 12 ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE qty NOT BETWEEN 3 AND 12 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 3

SELECT id FROM p WHERE qty BETWEEN 12 AND 3 ORDER BY id;
-- ok SELECT 0
-- cols: id int4

SELECT id FROM p WHERE qty BETWEEN SYMMETRIC 12 AND 3 ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE name LIKE 'a%' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM p WHERE name LIKE 'A%' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 2

SELECT id FROM p WHERE name ILIKE 'a%' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

SELECT id FROM p WHERE name NOT ILIKE 'a%' ORDER BY id;
-- ok SELECT 5
-- cols: id int4
-- row: 3
-- row: 4
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE name LIKE '_a%' ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 3
-- row: 4
-- row: 5
-- row: 7

SELECT id FROM p WHERE name LIKE '%e' ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 5
-- row: 6
-- row: 7

SELECT id FROM p WHERE name NOT LIKE '%a%' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 6

SELECT id FROM p WHERE name LIKE '100\%%' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 6

SELECT id FROM p WHERE name LIKE '100!%!_%' ESCAPE '!' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 6

SELECT id FROM p WHERE name LIKE '%\_%' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 6

SELECT id FROM p WHERE name ~~ 'b%';
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE name ~~* 'B%';
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE tag IS NULL;
-- ok SELECT 1
-- cols: id int4
-- row: 6

SELECT id FROM p WHERE tag IS NOT NULL ORDER BY id;
-- ok SELECT 6
-- cols: id int4
-- row: 1
-- row: 2
-- row: 3
-- row: 4
-- row: 5
-- row: 7

SELECT id FROM p WHERE qty IS NULL OR price IS NULL ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 4
-- row: 5

-- comparisons with NULL are unknown, not true
SELECT id FROM p WHERE tag = NULL;
-- ok SELECT 0
-- cols: id int4

SELECT id FROM p WHERE tag <> 'fruit' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 4
-- row: 5

SELECT id FROM p WHERE tag IS DISTINCT FROM 'fruit' ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 4
-- row: 5
-- row: 6

SELECT id FROM p WHERE tag IS NOT DISTINCT FROM NULL;
-- ok SELECT 1
-- cols: id int4
-- row: 6

SELECT id FROM p WHERE qty + 5 > 20 ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE qty * price > 10 ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 3
-- row: 6
-- row: 7

SELECT id FROM p WHERE qty % 2 = 0 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 2
-- row: 7

SELECT id FROM p WHERE -qty < -10 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 3
-- row: 7

SELECT id FROM p WHERE name || '/' || tag = 'apple/fruit';
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM p WHERE CASE WHEN qty > 10 THEN 'big' ELSE 'small' END = 'big' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 3
-- row: 7

SELECT id FROM p WHERE CASE tag WHEN 'veg' THEN true ELSE false END ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 4
-- row: 5

SELECT id FROM p WHERE qty::text = '10';
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM p WHERE CAST(price AS int) = 3 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 6

SELECT id FROM p WHERE price::int = 1 ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 1
-- row: 3
-- row: 4

SELECT id FROM p WHERE id = '3';
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE id = 3.0;
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE price = 0.5;
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id FROM p WHERE price > '2' ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 2
-- row: 6
-- row: 7

SELECT id FROM p WHERE qty = ANY (ARRAY[0, 3, 12]) ORDER BY id;
-- ok SELECT 3
-- cols: id int4
-- row: 2
-- row: 5
-- row: 7

SELECT id FROM p WHERE qty > ALL (SELECT qty FROM p WHERE tag = 'veg' AND qty IS NOT NULL) ORDER BY id;
-- ok SELECT 4
-- cols: id int4
-- row: 1
-- row: 3
-- row: 6
-- row: 7

SELECT id FROM p WHERE (qty, price) = (10, 1.20);
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM p WHERE name = 'apple' AND name = 'banana';
-- ok SELECT 0
-- cols: id int4

SELECT id FROM p WHERE 1 = 1 AND id < 3 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

SELECT id FROM p WHERE id = 'x';
-- error 22P02 invalid input syntax for type integer: "x"

SELECT id FROM p WHERE qty;
-- error 42804 argument of WHERE must be type boolean, not type integer
