-- Numeric functions and arithmetic: abs, round, floor, ceil, mod, greatest, least, trunc, sqrt, power, sign.

SELECT abs(-5), abs(5), abs(-2.5), abs(-7::bigint), abs(-1.5::float8);
-- ok SELECT 1
-- cols: abs int4 | abs int4 | abs numeric | abs int8 | abs float8
-- row: 5 | 5 | 2.5 | 7 | 1.5

SELECT round(2.5), round(3.5), round(-2.5), round(2.345, 2), round(2.355, 2), round(1234.5, -2);
-- ok SELECT 1
-- cols: round numeric | round numeric | round numeric | round numeric | round numeric | round numeric
-- row: 3 | 4 | -3 | 2.35 | 2.36 | 1200

SELECT round(2.5::float8), round(3.5::float8), round(-0.5::float8);
-- ok SELECT 1
-- cols: round float8 | round float8 | round float8
-- row: 2 | 4 | -0

SELECT floor(2.7), floor(-2.7), ceil(2.1), ceil(-2.1), ceiling(2.0);
-- ok SELECT 1
-- cols: floor numeric | floor numeric | ceil numeric | ceil numeric | ceiling numeric
-- row: 2 | -3 | 3 | -2 | 2

SELECT floor(2.7::float8), ceil(2.1::float8);
-- ok SELECT 1
-- cols: floor float8 | ceil float8
-- row: 2 | 3

SELECT trunc(2.789, 2), trunc(-2.789), trunc(2.789::float8);
-- ok SELECT 1
-- cols: trunc numeric | trunc numeric | trunc float8
-- row: 2.78 | -2 | 2

SELECT mod(10, 3), mod(-10, 3), mod(10, -3), 10 % 3, -10 % 3, mod(10.5, 3);
-- ok SELECT 1
-- cols: mod int4 | mod int4 | mod int4 | ?column? int4 | ?column? int4 | mod numeric
-- row: 1 | -1 | 1 | 1 | -1 | 1.5

SELECT greatest(1, 5, 3), least(1, 5, 3), greatest(1, NULL, 3), least(NULL::int, NULL), greatest('b', 'a', 'c');
-- ok SELECT 1
-- cols: greatest int4 | least int4 | greatest int4 | least int4 | greatest text
-- row: 5 | 1 | 3 | NULL | c

SELECT greatest(1, 2.5), least(1, 2.5);
-- ok SELECT 1
-- cols: greatest numeric | least numeric
-- row: 2.5 | 1

SELECT sqrt(16), sqrt(2::float8), power(2, 10), power(2.0, 0.5), 2 ^ 3, cbrt(27::float8);
-- ok SELECT 1
-- cols: sqrt float8 | sqrt float8 | power float8 | power numeric | ?column? float8 | cbrt float8
-- row: 4 | 1.4142135623730951 | 1024 | 1.4142135623730950 | 8 | 3.0000000000000004

SELECT sign(-3), sign(0), sign(4.2), exp(0), ln(1), log(100), log(2, 8);
-- ok SELECT 1
-- cols: sign float8 | sign float8 | sign numeric | exp float8 | ln float8 | log float8 | log numeric
-- row: -1 | 0 | 1 | 1 | 0 | 2 | 3.0000000000000000

SELECT pi(), div(7, 2), div(-7, 2), width_bucket(5, 0, 10, 5);
-- ok SELECT 1
-- cols: pi float8 | div numeric | div numeric | width_bucket int4
-- row: 3.141592653589793 | 3 | -3 | 3

SELECT 7 / 2, -7 / 2, 7 / 2.0, 7.0 / 2, 7 / 2::float8, 1 / 3.0;
-- ok SELECT 1
-- cols: ?column? int4 | ?column? int4 | ?column? numeric | ?column? numeric | ?column? float8 | ?column? numeric
-- row: 3 | -3 | 3.5000000000000000 | 3.5000000000000000 | 3.5 | 0.33333333333333333333

SELECT 10::numeric / 4, 1::numeric / 3, 2::numeric / 3 * 3;
-- ok SELECT 1
-- cols: ?column? numeric | ?column? numeric | ?column? numeric
-- row: 2.5000000000000000 | 0.33333333333333333333 | 2.00000000000000000001

SELECT 0.1 + 0.2, 0.1::float8 + 0.2::float8, 1.0 - 0.9, 3 * 1.1;
-- ok SELECT 1
-- cols: ?column? numeric | ?column? float8 | ?column? numeric | ?column? numeric
-- row: 0.3 | 0.30000000000000004 | 0.1 | 3.3

SELECT 2147483647 + 1;
-- error 22003 integer out of range

SELECT 2147483647::bigint + 1;
-- ok SELECT 1
-- cols: ?column? int8
-- row: 2147483648

SELECT 9223372036854775807 + 1;
-- error 22003 bigint out of range

SELECT 5 / 0;
-- error 22012 division by zero

SELECT 5.0 / 0;
-- error 22012 division by zero

SELECT 5 % 0;
-- error 22012 division by zero

SELECT 5::float8 / 0;
-- error 22012 division by zero

SELECT sqrt(-1);
-- error 2201F cannot take square root of a negative number

SELECT ln(0);
-- error 2201E cannot take logarithm of zero

SELECT round(123.456::numeric, 1), round(123.456::numeric, 0), round(123.456::numeric);
-- ok SELECT 1
-- cols: round numeric | round numeric | round numeric
-- row: 123.5 | 123 | 123

SELECT (12.5)::int, (13.5)::int, (-12.5)::int, 12.5::float8::int, 13.5::float8::int;
-- ok SELECT 1
-- cols: int4 int4 | int4 int4 | int4 int4 | int4 int4 | int4 int4
-- row: 13 | 14 | -13 | 12 | 14

SELECT '12.7'::numeric::int, 3.99::int, '3'::int + 1;
-- ok SELECT 1
-- cols: int4 int4 | int4 int4 | ?column? int4
-- row: 13 | 4 | 4

SELECT 1e3, 1.5e-3, 123456789012345678901234567890 + 1;
-- ok SELECT 1
-- cols: ?column? numeric | ?column? numeric | ?column? numeric
-- row: 1000 | 0.0015 | 123456789012345678901234567891

SELECT 0.000001 * 1000000, 1e-20::float8, 1e20::float8, 123456789.123456789::float8;
-- ok SELECT 1
-- cols: ?column? numeric | float8 float8 | float8 float8 | float8 float8
-- row: 1.000000 | 1e-20 | 1e+20 | 123456789.12345679

SELECT 1::float4 / 3, 100000000::float4, 0.1::float4;
-- ok SELECT 1
-- cols: ?column? float8 | float4 float4 | float4 float4
-- row: 0.3333333333333333 | 1e+08 | 0.1

SELECT 'NaN'::numeric, 'NaN'::float8, 'Infinity'::float8, '-Infinity'::float8, 'NaN'::float8 = 'NaN'::float8;
-- ok SELECT 1
-- cols: numeric numeric | float8 float8 | float8 float8 | float8 float8 | ?column? bool
-- row: NaN | NaN | Infinity | -Infinity | t

CREATE TABLE m (id int PRIMARY KEY, x numeric(10,3), y int);
-- ok CREATE TABLE

INSERT INTO m VALUES (1, 10.125, 3), (2, -4.5, 2), (3, 0, 7), (4, NULL, 1);
-- ok INSERT 0 4

SELECT id, abs(x), round(x, 1), floor(x), ceil(x), mod(y, 2), x / y FROM m ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | abs numeric | round numeric | floor numeric | ceil numeric | mod int4 | ?column? numeric
-- row: 1 | 10.125 | 10.1 | 10 | 11 | 1 | 3.3750000000000000
-- row: 2 | 4.500 | -4.5 | -5 | -4 | 0 | -2.2500000000000000
-- row: 3 | 0.000 | 0.0 | 0 | 0 | 1 | 0.00000000000000000000
-- row: 4 | NULL | NULL | NULL | NULL | 1 | NULL

SELECT id FROM m WHERE round(x) = 10;
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT greatest(x, y), least(x, y) FROM m ORDER BY id;
-- ok SELECT 4
-- cols: greatest numeric | least numeric
-- row: 10.125 | 3
-- row: 2 | -4.500
-- row: 7 | 0.000
-- row: 1 | 1

SELECT sum(x), avg(x), sum(y) / count(y), avg(y) FROM m;
-- ok SELECT 1
-- cols: sum numeric | avg numeric | ?column? int8 | avg numeric
-- row: 5.625 | 1.8750000000000000 | 3 | 3.2500000000000000

-- to_number: the template's digits, point, signs and separators read the input
SELECT to_number('12,454.8-', '99G999D9S'), to_number('<564646.654564>', '999999.999999PR'), to_number('$1,234.56', 'L99,999.99'), to_number('5 4 4 . 7 8', '9 9 9 . 9 9');
-- ok SELECT 1
-- cols: to_number numeric | to_number numeric | to_number numeric | to_number numeric
-- row: -12454.8 | -564646.654564 | 1234.56 | 544.78

SELECT to_number('123.456', '999.9'), to_number('12345', '99'), to_number('12345', '999V99'), to_number('42nd', '99th'), to_number('1.55', '9.9S'), to_number('12', '');
-- ok SELECT 1
-- cols: to_number numeric | to_number numeric | to_number numeric | to_number numeric | to_number numeric | to_number numeric
-- row: 123.4 | 12 | 123.4500000000000000 | 42 | 1.5 | NULL

SELECT to_number(v, '9G999D99MI') FROM (VALUES ('1,234.50-'), ('12.5'), (NULL)) t(v) ORDER BY 1;
-- ok SELECT 3
-- cols: to_number numeric
-- row: -1234.50
-- row: 12.5
-- row: NULL

SELECT to_number('abc', '999');
-- error 22P02 invalid input syntax for type numeric: " "

SELECT to_number('-', 'S9');
-- error 22P02 invalid input syntax for type numeric: "-"

SELECT to_number('5', '.9');
-- error 22003 numeric field overflow

SELECT to_number('XII', 'RN');
-- error 0A000 "\"RN\" not supported for input"

SELECT to_number('1e5', '9EEEE');
-- error 0A000 "\"EEEE\" not supported for input"
