-- Type round trips: every type stored and read back exactly as PostgreSQL prints it.

SET TimeZone = 'UTC';
-- ok SET

CREATE TABLE t (
    id int PRIMARY KEY,
    i2 smallint,
    i4 integer,
    i8 bigint,
    n numeric,
    n52 numeric(5,2),
    f4 real,
    f8 double precision,
    b boolean,
    s text,
    vc varchar(10),
    ch char(5),
    by bytea,
    d date,
    tm time,
    ts timestamp,
    tstz timestamptz,
    iv interval,
    u uuid,
    j json,
    jb jsonb,
    ai int[],
    at text[]
);
-- ok CREATE TABLE

INSERT INTO t VALUES (1, 1, 2, 3, 4.5, 6.78, 1.5, 2.25, true, 'text', 'varchar', 'ch', '\x00ff', '2024-02-29', '13:45:10', '2024-02-29 13:45:10.123456', '2024-02-29 13:45:10.5+01', '1 day 02:03:04', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"k": [1, 2]}', '{"k": [1, 2]}', '{1,2,3}', '{a,"b c",NULL}');
-- ok INSERT 0 1

INSERT INTO t (id) VALUES (2);
-- ok INSERT 0 1

INSERT INTO t VALUES (3, -32768, -2147483648, -9223372036854775808, -0.000001, -999.99, -3.4e38, -1.7976931348623157e308, false, '', '', '', '\x', '0001-01-01', '00:00:00', '1970-01-01 00:00:00', '1970-01-01 00:00:00+00', '-1 mon -2 days', '00000000-0000-0000-0000-000000000000', '""', '""', '{}', '{}');
-- ok INSERT 0 1

INSERT INTO t (id, i2, i4, i8, n, n52, f4, f8, s, d, tm, ts, tstz, iv) VALUES (4, 32767, 2147483647, 9223372036854775807, 12345678901234567890.12345678901234567890, 999.99, 1e-37, 5e-324, 'ünïcødé ✓', '9999-12-31', '23:59:59.999999', '2099-12-31 23:59:59.999999', '2099-12-31 23:59:59.999999+00', '1 year 2 mons 3 days 04:05:06.789');
-- ok INSERT 0 1

SELECT * FROM t ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | i2 int2 | i4 int4 | i8 int8 | n numeric | n52 numeric(5,2) | f4 float4 | f8 float8 | b bool | s text | vc varchar(10) | ch bpchar(5) | by bytea | d date | tm time | ts timestamp | tstz timestamptz | iv interval | u uuid | j json | jb jsonb | ai int4[] | at text[]
-- row: 1 | 1 | 2 | 3 | 4.5 | 6.78 | 1.5 | 2.25 | t | text | varchar | "ch   " | \x00ff | 2024-02-29 | 13:45:10 | 2024-02-29 13:45:10.123456 | 2024-02-29 12:45:10.5+00 | 1 day 02:03:04 | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | {"k": [1, 2]} | {"k": [1, 2]} | {1,2,3} | {a,"b c",NULL}
-- row: 2 | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL | NULL
-- row: 3 | -32768 | -2147483648 | -9223372036854775808 | -0.000001 | -999.99 | -3.4e+38 | -1.7976931348623157e+308 | f | "" | "" | "     " | \x | 0001-01-01 | 00:00:00 | 1970-01-01 00:00:00 | 1970-01-01 00:00:00+00 | -1 mons -2 days | 00000000-0000-0000-0000-000000000000 | "\"\"" | "\"\"" | {} | {}
-- row: 4 | 32767 | 2147483647 | 9223372036854775807 | 12345678901234567890.12345678901234567890 | 999.99 | 1e-37 | 5e-324 | NULL | ünïcødé ✓ | NULL | NULL | NULL | 9999-12-31 | 23:59:59.999999 | 2099-12-31 23:59:59.999999 | 2099-12-31 23:59:59.999999+00 | 1 year 2 mons 3 days 04:05:06.789 | NULL | NULL | NULL | NULL | NULL

SELECT id, n, n52, f4, f8 FROM t ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | n numeric | n52 numeric(5,2) | f4 float4 | f8 float8
-- row: 1 | 4.5 | 6.78 | 1.5 | 2.25
-- row: 2 | NULL | NULL | NULL | NULL
-- row: 3 | -0.000001 | -999.99 | -3.4e+38 | -1.7976931348623157e+308
-- row: 4 | 12345678901234567890.12345678901234567890 | 999.99 | 1e-37 | 5e-324

SELECT id, pg_typeof(i2), pg_typeof(n), pg_typeof(f4), pg_typeof(tstz), pg_typeof(jb) FROM t WHERE id = 1;
-- ok SELECT 1
-- cols: id int4 | pg_typeof regtype | pg_typeof regtype | pg_typeof regtype | pg_typeof regtype | pg_typeof regtype
-- row: 1 | smallint | numeric | real | timestamp with time zone | jsonb

-- numeric keeps its scale and trailing zeros
SELECT 1.50::numeric, 1.500::numeric(10,3), 2::numeric(10,2), 0.1::numeric + 0.2::numeric, 100::numeric / 3;
-- ok SELECT 1
-- cols: numeric numeric | numeric numeric(10,3) | numeric numeric(10,2) | ?column? numeric | ?column? numeric
-- row: 1.50 | 1.500 | 2.00 | 0.3 | 33.3333333333333333

SELECT 123.456::numeric(5,2), 0.005::numeric(3,2), 0.015::numeric(3,2), -0.005::numeric(3,2);
-- ok SELECT 1
-- cols: numeric numeric(5,2) | numeric numeric(3,2) | numeric numeric(3,2) | ?column? numeric
-- row: 123.46 | 0.01 | 0.02 | -0.01

SELECT 1000.00::numeric(5,2);
-- error 22003 numeric field overflow

-- floats print with the shortest exact representation
SELECT 0.1::float8, 1/3::float8, 1e100::float8, 123456789012345680000::float8, 1.5::float4, 0.1::float4, 3.14159265358979::float4;
-- ok SELECT 1
-- cols: float8 float8 | ?column? float8 | float8 float8 | float8 float8 | float4 float4 | float4 float4 | float4 float4
-- row: 0.1 | 0.3333333333333333 | 1e+100 | 1.2345678901234568e+20 | 1.5 | 0.1 | 3.1415927

SELECT 2::float8 ^ 60, 1e15::float8, 1e16::float8, -0.0::float8;
-- ok SELECT 1
-- cols: ?column? float8 | float8 float8 | float8 float8 | ?column? float8
-- row: 1.152921504606847e+18 | 1e+15 | 1e+16 | -0

-- booleans: every accepted spelling
SELECT 't'::boolean, 'true'::boolean, 'yes'::boolean, 'on'::boolean, '1'::boolean, 'f'::boolean, 'FALSE'::boolean, 'no'::boolean, 'off'::boolean, '0'::boolean;
-- ok SELECT 1
-- cols: bool bool | bool bool | bool bool | bool bool | bool bool | bool bool | bool bool | bool bool | bool bool | bool bool
-- row: t | t | t | t | t | f | f | f | f | f

SELECT 'maybe'::boolean;
-- error 22P02 invalid input syntax for type boolean: "maybe"

SELECT true::text, false::int, 1::boolean, 0::boolean;
-- ok SELECT 1
-- cols: text text | int4 int4 | bool bool | bool bool
-- row: true | 0 | t | f

-- uuid: any accepted spelling prints in the canonical form
SELECT 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'::uuid, '{a0eebc999c0b4ef8bb6d6bb9bd380a11}'::uuid, 'a0eebc999c0b4ef8bb6d6bb9bd380a11'::uuid;
-- ok SELECT 1
-- cols: uuid uuid | uuid uuid | uuid uuid
-- row: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11

SELECT 'not-a-uuid'::uuid;
-- error 22P02 invalid input syntax for type uuid: "not-a-uuid"

SELECT id FROM t WHERE u = 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11';
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT length(gen_random_uuid()::text), pg_typeof(gen_random_uuid());
-- ok SELECT 1
-- cols: length int4 | pg_typeof regtype
-- row: 36 | uuid

-- bytea
SELECT '\xDEADbeef'::bytea, 'abc'::bytea, 'a\\b'::bytea, '\000\001'::bytea, ''::bytea;
-- ok SELECT 1
-- cols: bytea bytea | bytea bytea | bytea bytea | bytea bytea | bytea bytea
-- row: \xdeadbeef | \x616263 | \x615c62 | \x0001 | \x

SELECT length('\xdeadbeef'::bytea), octet_length('abc'::bytea), '\x41'::bytea = 'A'::bytea;
-- ok SELECT 1
-- cols: length int4 | octet_length int4 | ?column? bool
-- row: 4 | 3 | t

SELECT '\xZZ'::bytea;
-- error 22023 invalid hexadecimal digit: "Z"

SELECT by, length(by) FROM t WHERE by IS NOT NULL ORDER BY id;
-- ok SELECT 2
-- cols: by bytea | length int4
-- row: \x00ff | 2
-- row: \x | 0

-- text, varchar and char: padding and trailing spaces
SELECT 'ab'::char(4), length('ab'::char(4)), 'ab  '::varchar(4), length('ab  '::varchar(4)), 'ab'::char(4) = 'ab  '::char(4), 'abcdef'::varchar(3), 'abcdef'::char(3);
-- ok SELECT 1
-- cols: bpchar bpchar(4) | length int4 | varchar varchar(4) | length int4 | ?column? bool | varchar varchar(3) | bpchar bpchar(3)
-- row: "ab  " | 2 | "ab  " | 4 | t | abc | abc

SELECT ch, length(ch), vc FROM t ORDER BY id;
-- ok SELECT 4
-- cols: ch bpchar(5) | length int4 | vc varchar(10)
-- row: "ch   " | 2 | varchar
-- row: NULL | NULL | NULL
-- row: "     " | 0 | ""
-- row: NULL | NULL | NULL

INSERT INTO t (id, vc) VALUES (10, 'eleven chars');
-- error 22001 value too long for type character varying(10)

INSERT INTO t (id, vc) VALUES (10, 'ten chars ');
-- ok INSERT 0 1

INSERT INTO t (id, ch) VALUES (11, 'six ch');
-- error 22001 value too long for type character(5)

INSERT INTO t (id, ch) VALUES (11, 'five      ') RETURNING ch, length(ch);
-- ok INSERT 0 1
-- cols: ch bpchar(5) | length int4
-- row: "five " | 4

-- arrays
SELECT ARRAY[1, 2, 3], ARRAY['a', 'b c', NULL, '', 'NULL', 'q"t'], ARRAY[[1, 2], [3, 4]], '{}'::int[], ARRAY[1.5, 2];
-- ok SELECT 1
-- cols: array int4[] | array text[] | array int4[] | int4 int4[] | array numeric[]
-- row: {1,2,3} | {a,"b c",NULL,"","NULL","q\"t"} | {{1,2},{3,4}} | {} | {1.5,2}
-- differs ormgate-sqlite: multidimensional arrays are not supported yet (0A000)
-- error 0A000 multidimensional arrays are not supported

SELECT (ARRAY[10, 20, 30])[2], (ARRAY[10, 20, 30])[5], (ARRAY[10, 20, 30])[1:2], array_length(ARRAY[1, 2, 3], 1), cardinality('{}'::int[]);
-- ok SELECT 1
-- cols: array int4 | array int4 | array int4[] | array_length int4 | cardinality int4
-- row: 20 | NULL | {10,20} | 3 | 0

SELECT ARRAY[1, 2] || 3, 0 || ARRAY[1, 2], ARRAY[1, 2] || ARRAY[3], array_append(ARRAY['x'], 'y'), array_remove(ARRAY[1, 2, 1], 1), array_position(ARRAY['a', 'b'], 'b');
-- ok SELECT 1
-- cols: ?column? int4[] | ?column? int4[] | ?column? int4[] | array_append text[] | array_remove int4[] | array_position int4
-- row: {1,2,3} | {0,1,2} | {1,2,3} | {x,y} | {2} | 2

SELECT ARRAY[1, 2] = ARRAY[1, 2], ARRAY[1, 2] < ARRAY[1, 3], ARRAY[1, 2, 3] @> ARRAY[2], ARRAY[1] && ARRAY[2, 3], 2 = ANY (ARRAY[1, 2]);
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: t | t | t | f | t

SELECT '{1,2,x}'::int[];
-- error 22P02 invalid input syntax for type integer: "x"

SELECT ai, at, ai[1], at[2] FROM t ORDER BY id;
-- ok SELECT 6
-- cols: ai int4[] | at text[] | ai int4 | at text
-- row: {1,2,3} | {a,"b c",NULL} | 1 | b c
-- row: NULL | NULL | NULL | NULL
-- row: {} | {} | NULL | NULL
-- row: NULL | NULL | NULL | NULL
-- row: NULL | NULL | NULL | NULL
-- row: NULL | NULL | NULL | NULL

SELECT id FROM t WHERE 'b c' = ANY (at);
-- ok SELECT 1
-- cols: id int4
-- row: 1

UPDATE t SET ai = ai || 4, at = array_append(at, 'z') WHERE id = 1 RETURNING ai, at;
-- ok UPDATE 1
-- cols: ai int4[] | at text[]
-- row: {1,2,3,4} | {a,"b c",NULL,z}

-- empty string and NULL are different values
CREATE TABLE e (id int PRIMARY KEY, s text, v varchar(5));
-- ok CREATE TABLE

INSERT INTO e VALUES (1, '', ''), (2, NULL, NULL), (3, ' ', ' ');
-- ok INSERT 0 3

SELECT id, s, v, s IS NULL AS is_null, s = '' AS is_empty, length(s), coalesce(s, 'default') FROM e ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | s text | v varchar(5) | is_null bool | is_empty bool | length int4 | coalesce text
-- row: 1 | "" | "" | f | t | 0 | ""
-- row: 2 | NULL | NULL | t | NULL | NULL | default
-- row: 3 | " " | " " | f | f | 1 | " "

SELECT count(s), count(*), count(NULLIF(s, '')) FROM e;
-- ok SELECT 1
-- cols: count int8 | count int8 | count int8
-- row: 2 | 3 | 1

SELECT id FROM e WHERE s = '';
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM e WHERE s IS NULL;
-- ok SELECT 1
-- cols: id int4
-- row: 2

SELECT string_agg(s, ',' ORDER BY id), string_agg(coalesce(s, 'N'), ',' ORDER BY id) FROM e;
-- ok SELECT 1
-- cols: string_agg text | string_agg text
-- row: ", " | ",N, "

SELECT id, s || 'x' FROM e ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | ?column? text
-- row: 1 | x
-- row: 2 | NULL
-- row: 3 | " x"

-- casts between types
SELECT '42'::int, '  42  '::int, '-7'::smallint, '3.5'::numeric, '1e2'::float8, 42::text, 3.7::int, '2024-02-29'::date::text, '12:00'::time::text;
-- ok SELECT 1
-- cols: int4 int4 | int4 int4 | int2 int2 | numeric numeric | float8 float8 | text text | int4 int4 | text text | text text
-- row: 42 | 42 | -7 | 3.5 | 100 | 42 | 4 | 2024-02-29 | 12:00:00

SELECT 4.5::text, 1e2::text, 100::numeric(5,2)::text, '1 day'::interval::text, 'a'::char(3)::text || '|';
-- ok SELECT 1
-- cols: text text | text text | text text | text text | ?column? text
-- row: 4.5 | 100 | 100.00 | 1 day | "a|"

SELECT '4.5'::int;
-- error 22P02 invalid input syntax for type integer: "4.5"

SELECT ''::int;
-- error 22P02 invalid input syntax for type integer: ""

SELECT '99999'::smallint;
-- error 22003 value "99999" is out of range for type smallint

SELECT 99999::smallint;
-- error 22003 smallint out of range

SELECT '9223372036854775808'::bigint;
-- error 22003 value "9223372036854775808" is out of range for type bigint

SELECT 1e308::float8 * 10;
-- error 22003 value out of range: overflow

SELECT '1e400'::float8;
-- error 22003 "\"1e400\" is out of range for type double precision"

SELECT id, ai[0], ai[2:], ai[:1], ai[:], ai[3:1], ai[NULL], at[-1:0] FROM t ORDER BY id;
-- ok SELECT 6
-- cols: id int4 | ai int4 | ai int4[] | ai int4[] | ai int4[] | ai int4[] | ai int4 | at text[]
-- row: 1 | NULL | {2,3,4} | {1} | {1,2,3,4} | {} | NULL | {}
-- row: 2 | NULL | NULL | NULL | NULL | NULL | NULL | NULL
-- row: 3 | NULL | {} | {} | {} | {} | NULL | {}
-- row: 4 | NULL | NULL | NULL | NULL | NULL | NULL | NULL
-- row: 10 | NULL | NULL | NULL | NULL | NULL | NULL | NULL
-- row: 11 | NULL | NULL | NULL | NULL | NULL | NULL | NULL

SELECT (ARRAY[1, 2])[1.6], (ARRAY[1, 2])['2'], (ARRAY[1, 2])[2::int8], (ARRAY['a', 'b'])[2:9];
-- ok SELECT 1
-- cols: array int4 | array int4 | array int4 | array text[]
-- row: 2 | 2 | 2 | {b}

SELECT (ARRAY[1, 2])['x'::text];
-- error 42804 array subscript must have type integer

SELECT (1)[1];
-- error 42804 cannot subscript type integer because it does not support subscripting
