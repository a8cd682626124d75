-- String functions: lower, upper, length, substr, trim, lpad, rpad, replace, position, split_part, concat, left, right, ||.

SELECT lower('HeLLo'), upper('HeLLo'), lower(NULL::text);
-- ok SELECT 1
-- cols: lower text | upper text | lower text
-- row: hello | HELLO | NULL

SELECT length('hello'), length(''), length(NULL::text), char_length('abc'), octet_length('é');
-- ok SELECT 1
-- cols: length int4 | length int4 | length int4 | char_length int4 | octet_length int4
-- row: 5 | 0 | NULL | 3 | 2

SELECT length('héllo wörld');
-- ok SELECT 1
-- cols: length int4
-- row: 11

SELECT substr('abcdef', 2), substr('abcdef', 2, 3), substr('abcdef', 0, 3), substr('abcdef', 10);
-- ok SELECT 1
-- cols: substr text | substr text | substr text | substr text
-- row: bcdef | bcd | ab | ""

SELECT substring('abcdef' FROM 2 FOR 3), substring('abcdef' FROM 4);
-- ok SELECT 1
-- cols: substring text | substring text
-- row: bcd | def

SELECT substr('abc', 2, -1);
-- error 22011 negative substring length not allowed

SELECT trim('  pad  '), ltrim('  pad  '), rtrim('  pad  '), trim(both 'x' FROM 'xxpadxx'), trim(leading 'x' FROM 'xxpadxx'), trim(trailing 'x' FROM 'xxpadxx');
-- ok SELECT 1
-- cols: btrim text | ltrim text | rtrim text | btrim text | ltrim text | rtrim text
-- row: pad | "pad  " | "  pad" | pad | padxx | xxpad

SELECT btrim('xyabcyx', 'xy'), ltrim('zzabc', 'z'), rtrim('abczz', 'z');
-- ok SELECT 1
-- cols: btrim text | ltrim text | rtrim text
-- row: abc | abc | abc

SELECT lpad('7', 3, '0'), lpad('hello', 3), lpad('ab', 6, 'xy'), rpad('7', 3, '0'), rpad('hello', 2), rpad('ab', 5);
-- ok SELECT 1
-- cols: lpad text | lpad text | lpad text | rpad text | rpad text | rpad text
-- row: 007 | hel | xyxyab | 700 | he | "ab   "

SELECT replace('banana', 'an', 'AN'), replace('banana', 'x', 'y'), replace('aaa', 'a', '');
-- ok SELECT 1
-- cols: replace text | replace text | replace text
-- row: bANANa | banana | ""

SELECT position('lo' IN 'hello'), position('z' IN 'hello'), strpos('hello', 'l');
-- ok SELECT 1
-- cols: position int4 | position int4 | strpos int4
-- row: 4 | 0 | 3

SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 4), split_part('a,,c', ',', 2);
-- ok SELECT 1
-- cols: split_part text | split_part text | split_part text
-- row: b | "" | ""

SELECT split_part('a,b,c', ',', -1);
-- ok SELECT 1
-- cols: split_part text
-- row: c

SELECT concat('a', 1, NULL, 'b', true), concat_ws('-', 'a', NULL, 'b', 2);
-- ok SELECT 1
-- cols: concat text | concat_ws text
-- row: a1bt | a-b-2

SELECT 'a' || 'b', 'a' || NULL, 'n=' || 42, 1 || '2';
-- ok SELECT 1
-- cols: ?column? text | ?column? text | ?column? text | ?column? text
-- row: ab | NULL | n=42 | 12

SELECT left('abcdef', 2), right('abcdef', 2), left('abcdef', -2), right('abcdef', -2), left('ab', 10);
-- ok SELECT 1
-- cols: left text | right text | left text | right text | left text
-- row: ab | ef | abcd | cdef | ab

SELECT repeat('ab', 3), reverse('abc'), initcap('hello big world');
-- ok SELECT 1
-- cols: repeat text | reverse text | initcap text
-- row: ababab | cba | Hello Big World

SELECT ascii('A'), chr(66), md5('abc');
-- ok SELECT 1
-- cols: ascii int4 | chr text | md5 text
-- row: 65 | B | 900150983cd24fb0d6963f7d28e17f72

SELECT translate('12345', '143', 'ax');
-- ok SELECT 1
-- cols: translate text
-- row: a2x5

SELECT format('%s has %s items', 'cart', 3), format('%I.%L', 'my table', 'it''s');
-- ok SELECT 1
-- cols: format text | format text
-- row: cart has 3 items | "\"my table\".'it''s'"

SELECT 'abc' < 'abd', 'abc' = 'ABC', lower('ABC') = 'abc';
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool
-- row: t | f | t

SELECT starts_with('hello', 'he'), 'hello' ^@ 'lo';
-- ok SELECT 1
-- cols: starts_with bool | ?column? bool
-- row: t | f

SELECT regexp_replace('a1b22c333', '[0-9]+', '#', 'g'), 'abc' ~ '^a', 'abc' ~* '^A', 'abc' !~ 'z';
-- ok SELECT 1
-- cols: regexp_replace text | ?column? bool | ?column? bool | ?column? bool
-- row: a#b#c# | t | t | t

SELECT string_to_array('a,b,c', ','), array_to_string(ARRAY['x', NULL, 'z'], '|', '*');
-- ok SELECT 1
-- cols: string_to_array text[] | array_to_string text
-- row: {a,b,c} | "x|*|z"

SELECT quote_ident('Some Name'), quote_literal('it''s'), quote_nullable(NULL);
-- ok SELECT 1
-- cols: quote_ident text | quote_literal text | quote_nullable text
-- row: "\"Some Name\"" | 'it''s' | "NULL"

SELECT to_char(1234.5, 'FM9999.00'), to_char(42, '000');
-- ok SELECT 1
-- cols: to_char text | to_char text
-- row: 1234.50 | " 042"

SELECT length(12345::text), upper(123::text);
-- ok SELECT 1
-- cols: length int4 | upper text
-- row: 5 | 123

SELECT substr('abc', 'x');
-- error 22P02 invalid input syntax for type integer: "x"

SELECT lpad('x', 3, '');
-- ok SELECT 1
-- cols: lpad text
-- row: x

SELECT nosuchfunction('x');
-- error 42883 function nosuchfunction(unknown) does not exist

SELECT length(1);
-- error 42883 function length(integer) does not exist

CREATE TABLE word (id int PRIMARY KEY, w text);
-- ok CREATE TABLE

INSERT INTO word VALUES (1, 'Alpha'), (2, 'beta'), (3, '  gamma '), (4, NULL), (5, '');
-- ok INSERT 0 5

SELECT id, upper(w), length(w), coalesce(trim(w), '?') FROM word ORDER BY id;
-- ok SELECT 5
-- cols: id int4 | upper text | length int4 | coalesce text
-- row: 1 | ALPHA | 5 | Alpha
-- row: 2 | BETA | 4 | beta
-- row: 3 | "  GAMMA " | 8 | gamma
-- row: 4 | NULL | NULL | ?
-- row: 5 | "" | 0 | ""

SELECT id FROM word WHERE length(trim(w)) = 5 ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 3

SELECT string_agg(lower(trim(w)), ';' ORDER BY id) FROM word;
-- ok SELECT 1
-- cols: string_agg text
-- row: alpha;beta;gamma;

UPDATE word SET w = initcap(trim(w)) WHERE id = 3 RETURNING w;
-- ok UPDATE 1
-- cols: w text
-- row: Gamma
