-- Window functions: row_number, rank, dense_rank, lag, lead, aggregates OVER, frames.

CREATE TABLE score (id int PRIMARY KEY, player text, game int, points int);
-- ok CREATE TABLE

INSERT INTO score VALUES
    (1, 'ann', 1, 10), (2, 'ann', 2, 30), (3, 'ann', 3, 20),
    (4, 'bob', 1, 30), (5, 'bob', 2, 30), (6, 'bob', 3, NULL),
    (7, 'cat', 1, 5);
-- ok INSERT 0 7

SELECT id, row_number() OVER (ORDER BY id) FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | row_number int8
-- row: 1 | 1
-- row: 2 | 2
-- row: 3 | 3
-- row: 4 | 4
-- row: 5 | 5
-- row: 6 | 6
-- row: 7 | 7

SELECT player, game, row_number() OVER (PARTITION BY player ORDER BY game DESC) AS rn FROM score ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | game int4 | rn int8
-- row: ann | 1 | 3
-- row: ann | 2 | 2
-- row: ann | 3 | 1
-- row: bob | 1 | 3
-- row: bob | 2 | 2
-- row: bob | 3 | 1
-- row: cat | 1 | 1

SELECT id, points, rank() OVER (ORDER BY points DESC NULLS LAST) AS r, dense_rank() OVER (ORDER BY points DESC NULLS LAST) AS dr FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | points int4 | r int8 | dr int8
-- row: 1 | 10 | 5 | 3
-- row: 2 | 30 | 1 | 1
-- row: 3 | 20 | 4 | 2
-- row: 4 | 30 | 1 | 1
-- row: 5 | 30 | 1 | 1
-- row: 6 | NULL | 7 | 5
-- row: 7 | 5 | 6 | 4

SELECT player, game, points, lag(points) OVER w AS prev, lead(points) OVER w AS next FROM score WINDOW w AS (PARTITION BY player ORDER BY game) ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | game int4 | points int4 | prev int4 | next int4
-- row: ann | 1 | 10 | NULL | 30
-- row: ann | 2 | 30 | 10 | 20
-- row: ann | 3 | 20 | 30 | NULL
-- row: bob | 1 | 30 | NULL | 30
-- row: bob | 2 | 30 | 30 | NULL
-- row: bob | 3 | NULL | 30 | NULL
-- row: cat | 1 | 5 | NULL | NULL

SELECT player, game, lag(points, 2, -1) OVER (PARTITION BY player ORDER BY game) AS prev2 FROM score ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | game int4 | prev2 int4
-- row: ann | 1 | -1
-- row: ann | 2 | -1
-- row: ann | 3 | 10
-- row: bob | 1 | -1
-- row: bob | 2 | -1
-- row: bob | 3 | 30
-- row: cat | 1 | -1

SELECT player, game, sum(points) OVER (PARTITION BY player ORDER BY game) AS running FROM score ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | game int4 | running int8
-- row: ann | 1 | 10
-- row: ann | 2 | 40
-- row: ann | 3 | 60
-- row: bob | 1 | 30
-- row: bob | 2 | 60
-- row: bob | 3 | 60
-- row: cat | 1 | 5

SELECT player, game, sum(points) OVER (PARTITION BY player) AS total, count(*) OVER (PARTITION BY player) AS games FROM score ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | game int4 | total int8 | games int8
-- row: ann | 1 | 60 | 3
-- row: ann | 2 | 60 | 3
-- row: ann | 3 | 60 | 3
-- row: bob | 1 | 60 | 3
-- row: bob | 2 | 60 | 3
-- row: bob | 3 | 60 | 3
-- row: cat | 1 | 5 | 1

SELECT id, count(*) OVER () AS n, max(points) OVER () AS best FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | n int8 | best int4
-- row: 1 | 7 | 30
-- row: 2 | 7 | 30
-- row: 3 | 7 | 30
-- row: 4 | 7 | 30
-- row: 5 | 7 | 30
-- row: 6 | 7 | 30
-- row: 7 | 7 | 30

SELECT id, avg(points) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS smooth FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | smooth numeric
-- row: 1 | 20.0000000000000000
-- row: 2 | 20.0000000000000000
-- row: 3 | 26.6666666666666667
-- row: 4 | 26.6666666666666667
-- row: 5 | 30.0000000000000000
-- row: 6 | 17.5000000000000000
-- row: 7 | 5.0000000000000000

SELECT id, sum(points) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | cum int8
-- row: 1 | 10
-- row: 2 | 40
-- row: 3 | 60
-- row: 4 | 90
-- row: 5 | 120
-- row: 6 | 120
-- row: 7 | 125

-- RANGE with peers: equal points share the running sum
SELECT id, points, sum(points) OVER (ORDER BY points) AS s FROM score WHERE points IS NOT NULL ORDER BY points, id;
-- ok SELECT 6
-- cols: id int4 | points int4 | s int8
-- row: 7 | 5 | 5
-- row: 1 | 10 | 15
-- row: 3 | 20 | 35
-- row: 2 | 30 | 125
-- row: 4 | 30 | 125
-- row: 5 | 30 | 125

SELECT player, first_value(points) OVER w AS first, last_value(points) OVER (PARTITION BY player ORDER BY game ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS last FROM score WINDOW w AS (PARTITION BY player ORDER BY game) ORDER BY player, game;
-- ok SELECT 7
-- cols: player text | first int4 | last int4
-- row: ann | 10 | 20
-- row: ann | 10 | 20
-- row: ann | 10 | 20
-- row: bob | 30 | NULL
-- row: bob | 30 | NULL
-- row: bob | 30 | NULL
-- row: cat | 5 | 5

SELECT id, ntile(3) OVER (ORDER BY id) FROM score ORDER BY id;
-- ok SELECT 7
-- cols: id int4 | ntile int4
-- row: 1 | 1
-- row: 2 | 1
-- row: 3 | 1
-- row: 4 | 2
-- row: 5 | 2
-- row: 6 | 3
-- row: 7 | 3

SELECT id, percent_rank() OVER (ORDER BY id), cume_dist() OVER (ORDER BY id) FROM score WHERE id <= 4 ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | percent_rank float8 | cume_dist float8
-- row: 1 | 0 | 0.25
-- row: 2 | 0.3333333333333333 | 0.5
-- row: 3 | 0.6666666666666666 | 0.75
-- row: 4 | 1 | 1

-- top scorer per player through a window in a subquery
SELECT player, game, points FROM (SELECT *, row_number() OVER (PARTITION BY player ORDER BY points DESC NULLS LAST, game) AS rn FROM score) t WHERE rn = 1 ORDER BY player;
-- ok SELECT 3
-- cols: player text | game int4 | points int4
-- row: ann | 2 | 30
-- row: bob | 1 | 30
-- row: cat | 1 | 5

SELECT player, sum(points), rank() OVER (ORDER BY sum(points) DESC NULLS LAST) FROM score GROUP BY player ORDER BY player;
-- ok SELECT 3
-- cols: player text | sum int8 | rank int8
-- row: ann | 60 | 1
-- row: bob | 60 | 1
-- row: cat | 5 | 3

SELECT id FROM score WHERE row_number() OVER (ORDER BY id) < 3;
-- error 42P20 window functions are not allowed in WHERE
