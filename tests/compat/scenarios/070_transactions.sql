-- Transactions: BEGIN / COMMIT / ROLLBACK, savepoints, failed transactions (25P02), read-your-writes.

CREATE TABLE acct (id int PRIMARY KEY, owner text NOT NULL, balance int NOT NULL CHECK (balance >= 0));
-- ok CREATE TABLE

INSERT INTO acct VALUES (1, 'ann', 100), (2, 'bob', 50);
-- ok INSERT 0 2

BEGIN;
-- ok BEGIN

UPDATE acct SET balance = balance - 30 WHERE id = 1;
-- ok UPDATE 1

UPDATE acct SET balance = balance + 30 WHERE id = 2;
-- ok UPDATE 1

-- read-your-writes inside the transaction
SELECT id, balance FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | balance int4
-- row: 1 | 70
-- row: 2 | 80

COMMIT;
-- ok COMMIT

SELECT id, balance FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | balance int4
-- row: 1 | 70
-- row: 2 | 80

BEGIN;
-- ok BEGIN

INSERT INTO acct VALUES (3, 'cy', 10);
-- ok INSERT 0 1

DELETE FROM acct WHERE id = 1;
-- ok DELETE 1

SELECT id FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 2
-- row: 3

ROLLBACK;
-- ok ROLLBACK

SELECT id, owner, balance FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | owner text | balance int4
-- row: 1 | ann | 70
-- row: 2 | bob | 80

-- an error aborts the transaction: everything is refused until ROLLBACK
BEGIN;
-- ok BEGIN

UPDATE acct SET balance = 0 WHERE id = 1;
-- ok UPDATE 1

UPDATE acct SET balance = -1 WHERE id = 2;
-- error 23514 new row for relation "acct" violates check constraint "acct_balance_check"

SELECT 1;
-- error 25P02 current transaction is aborted, commands ignored until end of transaction block

UPDATE acct SET balance = 1 WHERE id = 2;
-- error 25P02 current transaction is aborted, commands ignored until end of transaction block

COMMIT;
-- ok ROLLBACK

SELECT id, balance FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4 | balance int4
-- row: 1 | 70
-- row: 2 | 80

-- ROLLBACK after an error
BEGIN;
-- ok BEGIN

INSERT INTO acct VALUES (1, 'dup', 1);
-- error 23505 duplicate key value violates unique constraint "acct_pkey"
-- differs ormgate-sqlite@auto: flush mode auto is write-behind: the row with this key is not in the identity map, so the backend reports the duplicate when the insert is flushed (DESIGN.md section 3); flush mode always answers like PostgreSQL
-- ok INSERT 0 1

ROLLBACK;
-- ok ROLLBACK

-- savepoints
BEGIN;
-- ok BEGIN

INSERT INTO acct VALUES (4, 'dee', 5);
-- ok INSERT 0 1

SAVEPOINT s1;
-- ok SAVEPOINT

INSERT INTO acct VALUES (5, 'eve', 5);
-- ok INSERT 0 1

ROLLBACK TO SAVEPOINT s1;
-- ok ROLLBACK

SAVEPOINT s2;
-- ok SAVEPOINT

INSERT INTO acct VALUES (4, 'dup', 1);
-- error 23505 duplicate key value violates unique constraint "acct_pkey"
-- differs ormgate-sqlite@auto: flush mode auto is write-behind: the row with this key is not in the identity map, so the backend reports the duplicate when the insert is flushed (DESIGN.md section 3); flush mode always answers like PostgreSQL
-- ok INSERT 0 1

SELECT 1;
-- error 25P02 current transaction is aborted, commands ignored until end of transaction block
-- differs ormgate-sqlite@auto: the insert above is still pending (a statement that reads no table does not flush it), so the transaction is not aborted
-- ok SELECT 1
-- cols: ?column? int4
-- row: 1

ROLLBACK TO s2;
-- ok ROLLBACK

INSERT INTO acct VALUES (6, 'fay', 6);
-- ok INSERT 0 1

RELEASE SAVEPOINT s2;
-- ok RELEASE

COMMIT;
-- ok COMMIT

SELECT id, owner FROM acct ORDER BY id;
-- ok SELECT 4
-- cols: id int4 | owner text
-- row: 1 | ann
-- row: 2 | bob
-- row: 4 | dee
-- row: 6 | fay

ROLLBACK TO s1;
-- error 25P01 ROLLBACK TO SAVEPOINT can only be used in transaction blocks

-- transaction control outside a transaction: warnings only
COMMIT;
-- ok COMMIT

ROLLBACK;
-- ok ROLLBACK

BEGIN;
-- ok BEGIN

BEGIN;
-- ok BEGIN

SELECT count(*) FROM acct;
-- ok SELECT 1
-- cols: count int8
-- row: 4

END;
-- ok COMMIT

START TRANSACTION;
-- ok START TRANSACTION

DELETE FROM acct WHERE id > 3;
-- ok DELETE 2

COMMIT WORK;
-- ok COMMIT

SELECT id FROM acct ORDER BY id;
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 2

-- DDL in a transaction is rolled back with it
BEGIN;
-- ok BEGIN

CREATE TABLE temp_t (id int PRIMARY KEY);
-- ok CREATE TABLE

INSERT INTO temp_t VALUES (1);
-- ok INSERT 0 1

ROLLBACK;
-- ok ROLLBACK

SELECT * FROM temp_t;
-- error 42P01 relation "temp_t" does not exist

BEGIN;
-- ok BEGIN

ALTER TABLE acct ADD COLUMN note text;
-- ok ALTER TABLE

ROLLBACK;
-- ok ROLLBACK

SELECT note FROM acct;
-- error 42703 column "note" does not exist

-- a deferred error: a unique violation surfaces on the statement, the COMMIT then rolls back
BEGIN;
-- ok BEGIN

INSERT INTO acct VALUES (7, 'gus', 7);
-- ok INSERT 0 1

INSERT INTO acct VALUES (7, 'gus', 7);
-- error 23505 duplicate key value violates unique constraint "acct_pkey"

COMMIT;
-- ok ROLLBACK

SELECT count(*) FROM acct WHERE id = 7;
-- ok SELECT 1
-- cols: count int8
-- row: 0

BEGIN ISOLATION LEVEL SERIALIZABLE;
-- ok BEGIN

SELECT count(*) FROM acct;
-- ok SELECT 1
-- cols: count int8
-- row: 2

COMMIT;
-- ok COMMIT

BEGIN READ ONLY;
-- ok BEGIN

INSERT INTO acct VALUES (8, 'ro', 1);
-- error 25006 cannot execute INSERT in a read-only transaction

ROLLBACK;
-- ok ROLLBACK
