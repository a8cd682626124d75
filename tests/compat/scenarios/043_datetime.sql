-- Date and time: literals, date_trunc, extract, age, interval arithmetic, time zones. Fixed values only:
-- now() and current_date are checked by their types and relations, never by their value.

SET TimeZone = 'UTC';
-- ok SET

SELECT date '2024-02-29', time '13:45:10', timestamp '2024-02-29 13:45:10.5', timestamptz '2024-02-29 13:45:10+02', interval '1 day 2 hours';
-- ok SELECT 1
-- cols: date date | time time | timestamp timestamp | timestamptz timestamptz | interval interval
-- row: 2024-02-29 | 13:45:10 | 2024-02-29 13:45:10.5 | 2024-02-29 11:45:10+00 | 1 day 02:00:00

SELECT '2024-02-29'::date + 1, '2024-02-29'::date - 1, '2024-03-01'::date - '2024-02-01'::date;
-- ok SELECT 1
-- cols: ?column? date | ?column? date | ?column? int4
-- row: 2024-03-01 | 2024-02-28 | 29

SELECT '2024-01-31'::date + interval '1 month', '2024-01-31 10:00'::timestamp + interval '1 month 1 day';
-- ok SELECT 1
-- cols: ?column? timestamp | ?column? timestamp
-- row: 2024-02-29 00:00:00 | 2024-03-01 10:00:00

SELECT '2024-03-10 12:00'::timestamp - '2024-03-01 08:30'::timestamp;
-- ok SELECT 1
-- cols: ?column? interval
-- row: 9 days 03:30:00

SELECT '2024-03-10 12:00'::timestamp - interval '90 minutes', '2024-03-10'::date + time '08:15';
-- ok SELECT 1
-- cols: ?column? timestamp | ?column? timestamp
-- row: 2024-03-10 10:30:00 | 2024-03-10 08:15:00

SELECT interval '1 hour' * 3, interval '1 day' / 2, interval '90 minutes', interval '25 hours', interval '1 year 13 months';
-- ok SELECT 1
-- cols: ?column? interval | ?column? interval | interval interval | interval interval | interval interval
-- row: 03:00:00 | 12:00:00 | 01:30:00 | 25:00:00 | 2 years 1 mon

SELECT interval '1 day' + interval '3 hours', - interval '2 days', interval '2 weeks';
-- ok SELECT 1
-- cols: ?column? interval | ?column? interval | interval interval
-- row: 1 day 03:00:00 | -2 days | 14 days

SELECT date_trunc('month', timestamp '2024-02-29 13:45:10'), date_trunc('day', timestamp '2024-02-29 13:45:10'), date_trunc('hour', timestamp '2024-02-29 13:45:10'), date_trunc('year', timestamp '2024-02-29 13:45:10');
-- ok SELECT 1
-- cols: date_trunc timestamp | date_trunc timestamp | date_trunc timestamp | date_trunc timestamp
-- row: 2024-02-01 00:00:00 | 2024-02-29 00:00:00 | 2024-02-29 13:00:00 | 2024-01-01 00:00:00

SELECT date_trunc('week', timestamp '2024-02-29 13:45:10'), date_trunc('quarter', timestamp '2024-05-15 00:00');
-- ok SELECT 1
-- cols: date_trunc timestamp | date_trunc timestamp
-- row: 2024-02-26 00:00:00 | 2024-04-01 00:00:00

SELECT date_trunc('day', timestamptz '2024-02-29 23:30:00+00');
-- ok SELECT 1
-- cols: date_trunc timestamptz
-- row: 2024-02-29 00:00:00+00

SELECT extract(year FROM timestamp '2024-02-29 13:45:10.5'), extract(month FROM date '2024-02-29'), extract(day FROM date '2024-02-29'), extract(hour FROM timestamp '2024-02-29 13:45:10.5'), extract(minute FROM time '13:45:10'), extract(second FROM timestamp '2024-02-29 13:45:10.5');
-- ok SELECT 1
-- cols: extract numeric | extract numeric | extract numeric | extract numeric | extract numeric | extract numeric
-- row: 2024 | 2 | 29 | 13 | 45 | 10.500000

SELECT extract(dow FROM date '2024-02-29'), extract(isodow FROM date '2024-03-03'), extract(doy FROM date '2024-12-31'), extract(week FROM date '2024-01-01'), extract(quarter FROM date '2024-08-01');
-- ok SELECT 1
-- cols: extract numeric | extract numeric | extract numeric | extract numeric | extract numeric
-- row: 4 | 7 | 366 | 1 | 3

SELECT extract(epoch FROM timestamptz '2024-01-01 00:00:00+00'), extract(epoch FROM interval '1 day 1 hour');
-- ok SELECT 1
-- cols: extract numeric | extract numeric
-- row: 1704067200.000000 | 90000.000000

SELECT date_part('year', date '2024-02-29'), date_part('hour', interval '5 hours 30 minutes');
-- ok SELECT 1
-- cols: date_part float8 | date_part float8
-- row: 2024 | 5

SELECT age(timestamp '2024-03-15', timestamp '2020-01-10'), age(date '2024-02-29', date '2023-02-28');
-- ok SELECT 1
-- cols: age interval | age interval
-- row: 4 years 2 mons 5 days | 1 year 1 day

SELECT age(timestamp '2024-01-01 10:00', timestamp '2024-01-01 12:30');
-- ok SELECT 1
-- cols: age interval
-- row: -02:30:00

SELECT to_char(timestamp '2024-02-29 13:45:10', 'YYYY-MM-DD HH24:MI:SS'), to_char(date '2024-02-29', 'Dy DD Mon YYYY');
-- ok SELECT 1
-- cols: to_char text | to_char text
-- row: 2024-02-29 13:45:10 | Thu 29 Feb 2024

SELECT to_date('29/02/2024', 'DD/MM/YYYY'), to_timestamp(0), make_date(2024, 2, 29), make_interval(days => 3);
-- ok SELECT 1
-- cols: to_date date | to_timestamp timestamptz | make_date date | make_interval interval
-- row: 2024-02-29 | 1970-01-01 00:00:00+00 | 2024-02-29 | 3 days

SELECT timestamptz '2024-06-01 12:00:00+02';
-- ok SELECT 1
-- cols: timestamptz timestamptz
-- row: 2024-06-01 10:00:00+00

SET TimeZone = 'Europe/Paris';
-- ok SET

SELECT timestamptz '2024-06-01 12:00:00+00', timestamptz '2024-01-01 12:00:00+00';
-- ok SELECT 1
-- cols: timestamptz timestamptz | timestamptz timestamptz
-- row: 2024-06-01 14:00:00+02 | 2024-01-01 13:00:00+01

SELECT timestamptz '2024-06-01 12:00:00' AT TIME ZONE 'UTC', timestamp '2024-06-01 12:00:00' AT TIME ZONE 'America/New_York';
-- ok SELECT 1
-- cols: timezone timestamp | timezone timestamptz
-- row: 2024-06-01 10:00:00 | 2024-06-01 18:00:00+02

SELECT timestamptz '2024-03-31 01:30:00+00' + interval '1 hour', timestamptz '2024-03-30 12:00:00+00' + interval '1 day';
-- ok SELECT 1
-- cols: ?column? timestamptz | ?column? timestamptz
-- row: 2024-03-31 04:30:00+02 | 2024-03-31 13:00:00+02

SELECT date_trunc('day', timestamptz '2024-06-01 23:30:00+00');
-- ok SELECT 1
-- cols: date_trunc timestamptz
-- row: 2024-06-02 00:00:00+02

SHOW TimeZone;
-- ok SHOW
-- cols: TimeZone text
-- row: Europe/Paris

SET TimeZone = 'America/New_York';
-- ok SET

SELECT timestamptz '2024-06-01 12:00:00+00';
-- ok SELECT 1
-- cols: timestamptz timestamptz
-- row: 2024-06-01 08:00:00-04

SET TimeZone = '+05:30';
-- ok SET

SELECT timestamptz '2024-06-01 12:00:00+00';
-- ok SELECT 1
-- cols: timestamptz timestamptz
-- row: 2024-06-01 06:30:00-05:30

RESET TimeZone;
-- ok RESET

SET TimeZone = 'UTC';
-- ok SET

CREATE TABLE event (id int PRIMARY KEY, at timestamptz NOT NULL, day date, dur interval, local_ts timestamp);
-- ok CREATE TABLE

INSERT INTO event VALUES
    (1, '2024-01-15 08:00:00+00', '2024-01-15', '2 hours', '2024-01-15 09:00'),
    (2, '2024-01-15 23:30:00-05', '2024-01-16', '30 minutes', '2024-01-16 04:30'),
    (3, '2024-02-01 00:00:00+00', '2024-02-01', '1 day', '2024-02-01 00:00');
-- ok INSERT 0 3

SELECT id, at, day, dur, local_ts FROM event ORDER BY at;
-- ok SELECT 3
-- cols: id int4 | at timestamptz | day date | dur interval | local_ts timestamp
-- row: 1 | 2024-01-15 08:00:00+00 | 2024-01-15 | 02:00:00 | 2024-01-15 09:00:00
-- row: 2 | 2024-01-16 04:30:00+00 | 2024-01-16 | 00:30:00 | 2024-01-16 04:30:00
-- row: 3 | 2024-02-01 00:00:00+00 | 2024-02-01 | 1 day | 2024-02-01 00:00:00

SELECT id, at + dur AS ends FROM event ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | ends timestamptz
-- row: 1 | 2024-01-15 10:00:00+00
-- row: 2 | 2024-01-16 05:00:00+00
-- row: 3 | 2024-02-02 00:00:00+00

SELECT date_trunc('month', at) AS m, count(*) FROM event GROUP BY 1 ORDER BY 1;
-- ok SELECT 2
-- cols: m timestamptz | count int8
-- row: 2024-01-01 00:00:00+00 | 2
-- row: 2024-02-01 00:00:00+00 | 1

SELECT id FROM event WHERE at >= '2024-01-16' AND at < '2024-02-01' ORDER BY id;
-- ok SELECT 1
-- cols: id int4
-- row: 2

SELECT id FROM event WHERE day BETWEEN '2024-01-15' AND '2024-01-31' ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

SELECT id, extract(epoch FROM at)::bigint FROM event ORDER BY id;
-- ok SELECT 3
-- cols: id int4 | extract int8
-- row: 1 | 1705305600
-- row: 2 | 1705379400
-- row: 3 | 1706745600

SELECT max(at) - min(at) FROM event;
-- ok SELECT 1
-- cols: ?column? interval
-- row: 16 days 16:00:00

-- now() and friends: only their types and their ordering are stable
SELECT now() = current_timestamp, pg_typeof(now()), pg_typeof(current_date), pg_typeof(current_timestamp), current_date <= now()::date + 1;
-- ok SELECT 1
-- cols: ?column? bool | pg_typeof regtype | pg_typeof regtype | pg_typeof regtype | ?column? bool
-- row: t | timestamp with time zone | date | timestamp with time zone | t

SELECT now() - interval '1 day' < now();
-- ok SELECT 1
-- cols: ?column? bool
-- row: t

INSERT INTO event VALUES (4, now(), current_date, NULL, localtimestamp) RETURNING id, at IS NOT NULL, day IS NOT NULL;
-- ok INSERT 0 1
-- cols: id int4 | ?column? bool | ?column? bool
-- row: 4 | t | t

SELECT 'not a date'::date;
-- error 22007 invalid input syntax for type date: "not a date"

SELECT '2024-02-30'::date;
-- error 22008 date/time field value out of range: "2024-02-30"

SELECT '25:00:00'::time;
-- error 22008 date/time field value out of range: "25:00:00"

SELECT interval 'one day';
-- error 22007 invalid input syntax for type interval: "one day"

SELECT date '2024-01-01' + date '2024-01-02';
-- error 42883 operator does not exist: date + date

SELECT 'infinity'::timestamp, '-infinity'::date, 'epoch'::timestamptz;
-- ok SELECT 1
-- cols: timestamp timestamp | date date | timestamptz timestamptz
-- row: infinity | -infinity | 1970-01-01 00:00:00+00

SELECT make_interval(1, 2, 3, 4, 5, 6, 7.123456789), make_interval(), make_interval(weeks => -1, mins => 90), make_interval(secs => '1.5'), make_interval(days => NULL);
-- ok SELECT 1
-- cols: make_interval interval | make_interval interval | make_interval interval | make_interval interval | make_interval interval
-- row: 1 year 2 mons 25 days 05:06:07.123457 | 00:00:00 | -7 days +01:30:00 | 00:00:01.5 | NULL

SELECT make_interval(years => 1::smallint, secs => 2::numeric), make_interval(days => g) FROM generate_series(1, 2) g ORDER BY 2;
-- ok SELECT 2
-- cols: make_interval interval | make_interval interval
-- row: 1 year 00:00:02 | 1 day
-- row: 1 year 00:00:02 | 2 days

SELECT make_interval(years => 1.5);
-- error 42883 function make_interval(years => numeric) does not exist

SELECT make_interval(foo => 1);
-- error 42883 function make_interval(foo => integer) does not exist

SELECT make_interval(days => 1, days => 2);
-- error 42601 argument name "days" used more than once

SELECT make_interval(days => 1, 2);
-- error 42601 positional argument cannot follow named argument

SELECT make_interval(secs => 'Infinity');
-- error 22008 interval out of range
