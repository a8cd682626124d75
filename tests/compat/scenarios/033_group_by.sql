-- GROUP BY, HAVING and the aggregates: count, count(DISTINCT), sum, avg, min, max, string_agg, array_agg, bool_and, bool_or.

CREATE TABLE sale (id int PRIMARY KEY, region text, product text, qty int, amount numeric(10,2), ok boolean);
-- ok CREATE TABLE

INSERT INTO sale VALUES
    (1, 'north', 'pen', 3, 4.50, true),
    (2, 'north', 'ink', 1, 12.00, true),
    (3, 'south', 'pen', 10, 15.00, false),
    (4, 'south', 'pen', 2, 3.00, true),
    (5, 'east', 'desk', 1, 250.00, NULL),
    (6, 'north', 'pen', NULL, NULL, true),
    (7, NULL, 'ink', 4, 48.00, false);
-- ok INSERT 0 7

SELECT count(*), count(qty), count(DISTINCT product), count(DISTINCT region) FROM sale;
-- ok SELECT 1
-- cols: count int8 | count int8 | count int8 | count int8
-- row: 7 | 6 | 3 | 3

SELECT sum(qty), sum(amount), avg(qty), avg(amount), min(amount), max(amount) FROM sale;
-- ok SELECT 1
-- cols: sum int8 | sum numeric | avg numeric | avg numeric | min numeric | max numeric
-- row: 21 | 332.50 | 3.5000000000000000 | 55.4166666666666667 | 3.00 | 250.00

SELECT min(product), max(product), min(region), max(region) FROM sale;
-- ok SELECT 1
-- cols: min text | max text | min text | max text
-- row: desk | pen | east | south

SELECT region, count(*) AS n, sum(qty) AS q FROM sale GROUP BY region ORDER BY region;
-- ok SELECT 4
-- cols: region text | n int8 | q int8
-- row: east | 1 | 1
-- row: north | 3 | 4
-- row: south | 2 | 12
-- row: NULL | 1 | 4

SELECT region, count(*) AS n FROM sale GROUP BY region ORDER BY region NULLS FIRST;
-- ok SELECT 4
-- cols: region text | n int8
-- row: NULL | 1
-- row: east | 1
-- row: north | 3
-- row: south | 2

SELECT region, product, sum(amount) FROM sale GROUP BY region, product ORDER BY region, product;
-- ok SELECT 5
-- cols: region text | product text | sum numeric
-- row: east | desk | 250.00
-- row: north | ink | 12.00
-- row: north | pen | 4.50
-- row: south | pen | 18.00
-- row: NULL | ink | 48.00

SELECT product, count(*) FROM sale GROUP BY product HAVING count(*) > 1 ORDER BY product;
-- ok SELECT 2
-- cols: product text | count int8
-- row: ink | 2
-- row: pen | 4

SELECT product, sum(qty) FROM sale GROUP BY product HAVING sum(qty) >= 5 ORDER BY sum(qty) DESC;
-- ok SELECT 2
-- cols: product text | sum int8
-- row: pen | 15
-- row: ink | 5

SELECT region, avg(amount) FROM sale WHERE ok GROUP BY region ORDER BY region;
-- ok SELECT 2
-- cols: region text | avg numeric
-- row: north | 8.2500000000000000
-- row: south | 3.0000000000000000

SELECT round(avg(amount), 2) AS avg_amount FROM sale;
-- ok SELECT 1
-- cols: avg_amount numeric
-- row: 55.42

SELECT avg(qty)::numeric(10,3) FROM sale WHERE region = 'north';
-- ok SELECT 1
-- cols: avg numeric(10,3)
-- row: 2.000

SELECT string_agg(product, ',' ORDER BY id) FROM sale;
-- ok SELECT 1
-- cols: string_agg text
-- row: pen,ink,pen,pen,desk,pen,ink

SELECT region, string_agg(DISTINCT product, ' + ' ORDER BY product) FROM sale GROUP BY region ORDER BY region;
-- ok SELECT 4
-- cols: region text | string_agg text
-- row: east | desk
-- row: north | ink + pen
-- row: south | pen
-- row: NULL | ink

SELECT array_agg(id ORDER BY id) FROM sale WHERE product = 'pen';
-- ok SELECT 1
-- cols: array_agg int4[]
-- row: {1,3,4,6}

SELECT region, array_agg(qty ORDER BY id) FROM sale GROUP BY region ORDER BY region;
-- ok SELECT 4
-- cols: region text | array_agg int4[]
-- row: east | {1}
-- row: north | {3,1,NULL}
-- row: south | {10,2}
-- row: NULL | {4}

SELECT bool_and(ok), bool_or(ok) FROM sale;
-- ok SELECT 1
-- cols: bool_and bool | bool_or bool
-- row: f | t

SELECT region, bool_and(ok), bool_or(ok), every(ok) FROM sale GROUP BY region ORDER BY region;
-- ok SELECT 4
-- cols: region text | bool_and bool | bool_or bool | every bool
-- row: east | NULL | NULL | NULL
-- row: north | t | t | t
-- row: south | f | t | f
-- row: NULL | f | f | f

-- aggregates over no rows
SELECT count(*), count(qty), sum(qty), avg(qty), min(qty), max(qty), string_agg(product, ','), array_agg(id), bool_and(ok) FROM sale WHERE id > 100;
-- ok SELECT 1
-- cols: count int8 | count int8 | sum int8 | avg numeric | min int4 | max int4 | string_agg text | array_agg int4[] | bool_and bool
-- row: 0 | 0 | NULL | NULL | NULL | NULL | NULL | NULL | NULL

SELECT region, count(*) FROM sale WHERE id > 100 GROUP BY region;
-- ok SELECT 0
-- cols: region text | count int8

-- GROUP BY an expression and by position
SELECT upper(product) AS p, count(*) FROM sale GROUP BY upper(product) ORDER BY p;
-- ok SELECT 3
-- cols: p text | count int8
-- row: DESK | 1
-- row: INK | 2
-- row: PEN | 4

SELECT qty > 2 AS big, count(*) FROM sale GROUP BY 1 ORDER BY 1;
-- ok SELECT 3
-- cols: big bool | count int8
-- row: f | 3
-- row: t | 3
-- row: NULL | 1

SELECT product, count(*) FILTER (WHERE ok) AS good, count(*) AS all_rows FROM sale GROUP BY product ORDER BY product;
-- ok SELECT 3
-- cols: product text | good int8 | all_rows int8
-- row: desk | 0 | 1
-- row: ink | 1 | 2
-- row: pen | 3 | 4

-- sum of int is bigint, sum of bigint and avg are numeric
SELECT sum(qty::int2) AS s2, sum(qty) AS s4, sum(qty::int8) AS s8, avg(qty::int8) AS a8, sum(amount) AS sn, sum(qty::float8) AS sf FROM sale;
-- ok SELECT 1
-- cols: s2 int8 | s4 int8 | s8 numeric | a8 numeric | sn numeric | sf float8
-- row: 21 | 21 | 21 | 3.5000000000000000 | 332.50 | 21

SELECT count(*) FROM sale HAVING count(*) > 3;
-- ok SELECT 1
-- cols: count int8
-- row: 7

SELECT count(*) FROM sale HAVING count(*) > 30;
-- ok SELECT 0
-- cols: count int8

-- a column neither grouped nor aggregated
SELECT region, product FROM sale GROUP BY region;
-- error 42803 column "sale.product" must appear in the GROUP BY clause or be used in an aggregate function

SELECT count(*) FROM sale WHERE count(*) > 1;
-- error 42803 aggregate functions are not allowed in WHERE

SELECT max(count(*)) FROM sale;
-- error 42803 aggregate function calls cannot be nested

SELECT region, max(amount) - min(amount) AS spread FROM sale GROUP BY region HAVING max(amount) IS NOT NULL ORDER BY spread DESC, region;
-- ok SELECT 4
-- cols: region text | spread numeric
-- row: south | 12.00
-- row: north | 7.50
-- row: east | 0.00
-- row: NULL | 0.00
