-- json and jsonb: operators (->, ->>, #>, #>>, @>, <@, ?, ?|, ?&, ||, -), functions, jsonb normalisation.

SELECT '{"b": 1, "a": [1, 2, {"c": null}]}'::jsonb;
-- ok SELECT 1
-- cols: jsonb jsonb
-- row: {"a": [1, 2, {"c": null}], "b": 1}

SELECT '{"b": 1, "a": [1, 2, {"c": null}]}'::json;
-- ok SELECT 1
-- cols: json json
-- row: {"b": 1, "a": [1, 2, {"c": null}]}

SELECT '{"a": 1, "a": 2}'::jsonb, '{"a": 1, "a": 2}'::json;
-- ok SELECT 1
-- cols: jsonb jsonb | json json
-- row: {"a": 2} | {"a": 1, "a": 2}

SELECT '  [1,   2,"x" ]  '::jsonb, '1.50'::jsonb, '1e3'::jsonb, '"str"'::jsonb, 'null'::jsonb, 'true'::jsonb;
-- ok SELECT 1
-- cols: jsonb jsonb | jsonb jsonb | jsonb jsonb | jsonb jsonb | jsonb jsonb | jsonb jsonb
-- row: [1, 2, "x"] | 1.50 | 1000 | "\"str\"" | null | true

SELECT '{"é": "ü", "emoji": "\u00e9"}'::jsonb;
-- ok SELECT 1
-- cols: jsonb jsonb
-- row: {"é": "ü", "emoji": "é"}

SELECT '{"a": {"b": [10, 20, 30]}}'::jsonb -> 'a', '{"a": {"b": [10, 20, 30]}}'::jsonb -> 'a' -> 'b' -> 1, '{"a": {"b": [10, 20, 30]}}'::jsonb -> 'nope';
-- ok SELECT 1
-- cols: ?column? jsonb | ?column? jsonb | ?column? jsonb
-- row: {"b": [10, 20, 30]} | 20 | NULL

SELECT '{"a": "text", "n": 5, "z": null}'::jsonb ->> 'a', '{"a": "text", "n": 5, "z": null}'::jsonb ->> 'n', '{"a": "text", "n": 5, "z": null}'::jsonb ->> 'z';
-- ok SELECT 1
-- cols: ?column? text | ?column? text | ?column? text
-- row: text | 5 | NULL

SELECT '[1, "two", 3]'::jsonb -> 1, '[1, "two", 3]'::jsonb ->> 1, '[1, "two", 3]'::jsonb -> -1, '[1, "two", 3]'::jsonb -> 5;
-- ok SELECT 1
-- cols: ?column? jsonb | ?column? text | ?column? jsonb | ?column? jsonb
-- row: "\"two\"" | two | 3 | NULL

SELECT '{"a": {"b": [10, 20, 30]}}'::jsonb #> '{a,b,2}', '{"a": {"b": [10, 20, 30]}}'::jsonb #>> '{a,b}', '{"a": {"b": [10, 20, 30]}}'::jsonb #>> '{a,x}';
-- ok SELECT 1
-- cols: ?column? jsonb | ?column? text | ?column? text
-- row: 30 | [10, 20, 30] | NULL

SELECT '{"a": 1, "b": {"c": 2}}'::jsonb @> '{"b": {"c": 2}}', '{"a": 1}'::jsonb @> '{"a": 2}', '[1, 2, 3]'::jsonb @> '[3, 1]', '{"a": 1}'::jsonb <@ '{"a": 1, "b": 2}';
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: t | f | t | t

SELECT '{"a": 1, "b": null}'::jsonb ? 'b', '{"a": 1}'::jsonb ? 'z', '["x", "y"]'::jsonb ? 'x', '{"a": 1}'::jsonb ?| ARRAY['z', 'a'], '{"a": 1}'::jsonb ?& ARRAY['z', 'a'];
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool | ?column? bool | ?column? bool
-- row: t | f | t | t | f

SELECT '{"a": 1}'::jsonb || '{"b": 2}', '[1]'::jsonb || '[2, 3]', '{"a": 1, "b": 2}'::jsonb - 'a', '[1, 2, 3]'::jsonb - 0;
-- ok SELECT 1
-- cols: ?column? jsonb | ?column? jsonb | ?column? jsonb | ?column? jsonb
-- row: {"a": 1, "b": 2} | [1, 2, 3] | {"b": 2} | [2, 3]

SELECT jsonb_build_object('id', 1, 'name', 'x', 'tags', ARRAY['a', 'b'], 'none', NULL), json_build_object('k', 1.5);
-- ok SELECT 1
-- cols: jsonb_build_object jsonb | json_build_object json
-- row: {"id": 1, "name": "x", "none": null, "tags": ["a", "b"]} | {"k" : 1.5}

SELECT jsonb_build_array(1, 'two', NULL, true), jsonb_build_object();
-- ok SELECT 1
-- cols: jsonb_build_array jsonb | jsonb_build_object jsonb
-- row: [1, "two", null, true] | {}

SELECT jsonb_array_length('[1, 2, [3, 4]]'), jsonb_array_length('[]');
-- ok SELECT 1
-- cols: jsonb_array_length int4 | jsonb_array_length int4
-- row: 3 | 0

SELECT jsonb_array_length('{"a": 1}');
-- error 22023 cannot get array length of a non-array

SELECT jsonb_typeof('{}'), jsonb_typeof('[]'), jsonb_typeof('1'), jsonb_typeof('1.5'), jsonb_typeof('"s"'), jsonb_typeof('true'), jsonb_typeof('null');
-- ok SELECT 1
-- cols: jsonb_typeof text | jsonb_typeof text | jsonb_typeof text | jsonb_typeof text | jsonb_typeof text | jsonb_typeof text | jsonb_typeof text
-- row: object | array | number | number | string | boolean | null

SELECT to_jsonb('text'::text), to_jsonb(42), to_jsonb(ARRAY[1, 2]), to_jsonb(true), to_json('x'::text);
-- ok SELECT 1
-- cols: to_jsonb jsonb | to_jsonb jsonb | to_jsonb jsonb | to_jsonb jsonb | to_json json
-- row: "\"text\"" | 42 | [1, 2] | true | "\"x\""

SELECT jsonb_object_keys('{"b": 1, "a": 2, "c": {"d": 3}}') AS k ORDER BY k;
-- ok SELECT 3
-- cols: k text
-- row: a
-- row: b
-- row: c

SELECT key, value FROM jsonb_each('{"b": 1, "a": "x"}') ORDER BY key;
-- ok SELECT 2
-- cols: key text | value jsonb
-- row: a | "\"x\""
-- row: b | 1

SELECT key, value FROM jsonb_each_text('{"b": 1, "a": "x", "n": null}') ORDER BY key;
-- ok SELECT 3
-- cols: key text | value text
-- row: a | x
-- row: b | 1
-- row: n | NULL

SELECT value FROM jsonb_array_elements('[1, "a", {"b": 2}]');
-- ok SELECT 3
-- cols: value jsonb
-- row: 1
-- row: "\"a\""
-- row: {"b": 2}

SELECT jsonb_set('{"a": {"b": 1}}', '{a,b}', '2'), jsonb_set('{"a": 1}', '{c}', '"new"');
-- ok SELECT 1
-- cols: jsonb_set jsonb | jsonb_set jsonb
-- row: {"a": {"b": 2}} | {"a": 1, "c": "new"}

SELECT jsonb_strip_nulls('{"a": 1, "b": null, "c": {"d": null}}'), jsonb_pretty('{"a": 1}');
-- ok SELECT 1
-- cols: jsonb_strip_nulls jsonb | jsonb_pretty text
-- row: {"a": 1, "c": {}} | "{\n    \"a\": 1\n}"

SELECT ('{"n": 41}'::jsonb ->> 'n')::int + 1, ('{"f": true}'::jsonb -> 'f')::boolean;
-- ok SELECT 1
-- cols: ?column? int4 | bool bool
-- row: 42 | t

SELECT '{"a": 1}'::jsonb = '{ "a" : 1 }'::jsonb, '[1, 2]'::jsonb = '[2, 1]'::jsonb, '{"a": 1, "b": 2}'::jsonb = '{"b": 2, "a": 1}'::jsonb;
-- ok SELECT 1
-- cols: ?column? bool | ?column? bool | ?column? bool
-- row: t | f | t

SELECT '{bad json}'::jsonb;
-- error 22P02 invalid input syntax for type json

SELECT '{"a": 1'::json;
-- error 22P02 invalid input syntax for type json

CREATE TABLE doc (id int PRIMARY KEY, body jsonb NOT NULL, raw json);
-- ok CREATE TABLE

INSERT INTO doc VALUES
    (1, '{"name": "ann", "age": 31, "tags": ["a", "b"], "address": {"city": "Paris"}}', '{"z": 1,  "a": 2}'),
    (2, '{"name": "bob", "age": 25, "tags": ["b"], "address": {"city": "Oslo"}}', NULL),
    (3, '{"name": "cy", "tags": [], "active": false}', '[]'),
    (4, '[1, 2, 3]', 'null');
-- ok INSERT 0 4

SELECT id, body, raw FROM doc ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | body jsonb | raw json
-- row: 1 | {"age": 31, "name": "ann", "tags": ["a", "b"], "address": {"city": "Paris"}} | {"z": 1,  "a": 2}
-- row: 2 | {"age": 25, "name": "bob", "tags": ["b"], "address": {"city": "Oslo"}} | NULL
-- row: 3 | {"name": "cy", "tags": [], "active": false} | []
-- row: 4 | [1, 2, 3] | null

SELECT id, body ->> 'name' AS name, body -> 'age' AS age, body #>> '{address,city}' AS city FROM doc ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | name text | age jsonb | city text
-- row: 1 | ann | 31 | Paris
-- row: 2 | bob | 25 | Oslo
-- row: 3 | cy | NULL | NULL
-- row: 4 | NULL | NULL | NULL

SELECT id FROM doc WHERE body @> '{"tags": ["b"]}' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

SELECT id FROM doc WHERE body ? 'age' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

SELECT id FROM doc WHERE (body ->> 'age')::int > 30;
-- ok SELECT 1
-- cols: id int4
-- row: 1

SELECT id FROM doc WHERE body ->> 'name' = 'cy';
-- ok SELECT 1
-- cols: id int4
-- row: 3

SELECT id, jsonb_typeof(body), jsonb_array_length(body -> 'tags') FROM doc ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | jsonb_typeof text | jsonb_array_length int4
-- row: 1 | object | 2
-- row: 2 | object | 1
-- row: 3 | object | 0
-- row: 4 | array | NULL

SELECT body ->> 'name' AS name, count(*) FROM doc, jsonb_array_elements_text(body -> 'tags') t GROUP BY 1 ORDER BY 1;
-- ok SELECT 2
-- cols: name text | count int8
-- row: ann | 2
-- row: bob | 1

SELECT jsonb_agg(body ->> 'name' ORDER BY id) FROM doc WHERE body ? 'name';
-- ok SELECT 1
-- cols: jsonb_agg jsonb
-- row: ["ann", "bob", "cy"]

SELECT jsonb_agg(x) FROM (SELECT id, body ->> 'name' AS n FROM doc WHERE id < 3 ORDER BY id) x;
-- ok SELECT 1
-- cols: jsonb_agg jsonb
-- row: [{"n": "ann", "id": 1}, {"n": "bob", "id": 2}]
-- differs ormgate-sqlite: whole-row references (a table alias used as a value) are not translated yet
-- error 42703 column "x" does not exist

SELECT jsonb_object_agg(id, body -> 'age' ORDER BY id) FROM doc WHERE id < 3;
-- ok SELECT 1
-- cols: jsonb_object_agg jsonb
-- row: {"1": 31, "2": 25}

SELECT json_agg(id ORDER BY id) FROM doc;
-- ok SELECT 1
-- cols: json_agg json
-- row: [1, 2, 3, 4]

SELECT jsonb_agg(id) FROM doc WHERE id > 10;
-- ok SELECT 1
-- cols: jsonb_agg jsonb
-- row: NULL

UPDATE doc SET body = body || '{"age": 26}' WHERE id = 2 RETURNING body;
-- ok UPDATE 1
-- cols: body jsonb
-- row: {"age": 26, "name": "bob", "tags": ["b"], "address": {"city": "Oslo"}}

UPDATE doc SET body = jsonb_set(body, '{address,city}', '"Lyon"') WHERE id = 1 RETURNING body #>> '{address,city}';
-- ok UPDATE 1
-- cols: ?column? text
-- row: Lyon

UPDATE doc SET body = body - 'active' WHERE id = 3 RETURNING body;
-- ok UPDATE 1
-- cols: body jsonb
-- row: {"name": "cy", "tags": []}

SELECT id FROM doc WHERE body -> 'address' ->> 'city' IN ('Lyon', 'Oslo') ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

INSERT INTO doc VALUES (5, NULL);
-- error 23502 null value in column "body" of relation "doc" violates not-null constraint

INSERT INTO doc VALUES (6, 'not json');
-- error 22P02 invalid input syntax for type json

SELECT json_strip_nulls('{"a" : 1, "b": null, "c" : [1, null, {"z" : null,  "q":"\u00e9"}], "d" : {"e":null}}'), jsonb_strip_nulls('[null, {"a": null, "b": [null]}]'), json_strip_nulls(' [ 1 , null ] ');
-- ok SELECT 1
-- cols: json_strip_nulls json | jsonb_strip_nulls jsonb | json_strip_nulls json
-- row: {"a":1,"c":[1,null,{"q":"é"}],"d":{}} | [null, {"b": [null]}] | [1,null]

SELECT jsonb_pretty('{"a":{}, "b":[], "c": [1, {"x": null, "y": [[]]}, "s"], "d": {"e": true}}');
-- ok SELECT 1
-- cols: jsonb_pretty text
-- row: "{\n    \"a\": {\n    },\n    \"b\": [\n    ],\n    \"c\": [\n        1,\n        {\n            \"x\": null,\n            \"y\": [\n                [\n                ]\n            ]\n        },\n        \"s\"\n    ],\n    \"d\": {\n        \"e\": true\n    }\n}"

SELECT jsonb_pretty('[]'), jsonb_pretty('"x"'), jsonb_pretty('[{}]'), jsonb_pretty(NULL);
-- ok SELECT 1
-- cols: jsonb_pretty text | jsonb_pretty text | jsonb_pretty text | jsonb_pretty text
-- row: "[\n]" | "\"x\"" | "[\n    {\n    }\n]" | NULL

SELECT id, jsonb_object_keys(body) AS k FROM doc WHERE id < 3 ORDER BY 1, 2;
-- ok SELECT 8
-- cols: id int4 | k text
-- row: 1 | address
-- row: 1 | age
-- row: 1 | name
-- row: 1 | tags
-- row: 2 | address
-- row: 2 | age
-- row: 2 | name
-- row: 2 | tags

SELECT * FROM json_object_keys('{"b": 1, "a": 2, "b": 3}') WITH ORDINALITY;
-- ok SELECT 3
-- cols: json_object_keys text | ordinality int8
-- row: b | 1
-- row: a | 2
-- row: b | 3

SELECT jsonb_object_keys('[1]');
-- error 22023 cannot call jsonb_object_keys on an array

SELECT json_object_keys('1');
-- error 22023 cannot call json_object_keys on a scalar
