-- Statements in the shapes that ORMs and query builders (MikroORM, Prisma, knex, Hibernate) send:
-- quoted identifiers, table aliases like "e0", IN lists of keys, batched inserts and CASE updates.

CREATE TABLE "author" ("id" serial PRIMARY KEY, "created_at" timestamptz NOT NULL DEFAULT '2024-01-01 00:00:00+00', "name" varchar(255) NOT NULL, "email" varchar(255) NOT NULL, "age" int NULL, "terms_accepted" boolean NOT NULL DEFAULT false, "favourite_book_id" int NULL);
-- ok CREATE TABLE

ALTER TABLE "author" ADD CONSTRAINT "author_email_unique" UNIQUE ("email");
-- ok ALTER TABLE

CREATE TABLE "book" ("uuid" uuid NOT NULL, "title" varchar(255) NOT NULL, "price" numeric(8,2) NULL, "author_id" int NOT NULL, "meta" jsonb NULL, CONSTRAINT "book_pkey" PRIMARY KEY ("uuid"));
-- ok CREATE TABLE

ALTER TABLE "book" ADD CONSTRAINT "book_author_id_foreign" FOREIGN KEY ("author_id") REFERENCES "author" ("id") ON UPDATE CASCADE;
-- ok ALTER TABLE

CREATE INDEX "book_author_id_index" ON "book" ("author_id");
-- ok CREATE INDEX

ALTER TABLE "author" ADD CONSTRAINT "author_favourite_book_id_foreign" FOREIGN KEY ("favourite_book_id") REFERENCES "book" ("uuid") ON UPDATE CASCADE ON DELETE SET NULL;
-- error 42804 foreign key constraint "author_favourite_book_id_foreign" cannot be implemented

ALTER TABLE "author" DROP CONSTRAINT "author_favourite_book_id_foreign";
-- error 42704 constraint "author_favourite_book_id_foreign" of relation "author" does not exist

ALTER TABLE "author" ALTER COLUMN "favourite_book_id" TYPE uuid USING NULL;
-- ok ALTER TABLE

ALTER TABLE "author" ADD CONSTRAINT "author_favourite_book_id_foreign" FOREIGN KEY ("favourite_book_id") REFERENCES "book" ("uuid") ON UPDATE CASCADE ON DELETE SET NULL;
-- ok ALTER TABLE

insert into "author" ("name", "email", "age") values ('Jon Snow', 'snow@wall.st', 30), ('Arya', 'arya@stark.wf', 12), ('Sansa', 'sansa@stark.wf', NULL) returning "id", "created_at", "terms_accepted";
-- ok INSERT 0 3
-- cols: id int4 | created_at timestamptz | terms_accepted bool
-- row: 1 | 2024-01-01 00:00:00+00 | f
-- row: 2 | 2024-01-01 00:00:00+00 | f
-- row: 3 | 2024-01-01 00:00:00+00 | f

insert into "book" ("uuid", "title", "price", "author_id", "meta") values ('11111111-1111-1111-1111-111111111111', 'Winter', 9.99, 1, '{"category": "fantasy", "items": 3}'), ('22222222-2222-2222-2222-222222222222', 'Needle', 14.50, 2, NULL), ('33333333-3333-3333-3333-333333333333', 'Ice', NULL, 1, '{"category": "poetry"}');
-- ok INSERT 0 3

select "a0".* from "author" as "a0" where "a0"."id" = 1 limit 1;
-- ok SELECT 1
-- cols: id int4 | created_at timestamptz | name varchar(255) | email varchar(255) | age int4 | terms_accepted bool | favourite_book_id uuid
-- row: 1 | 2024-01-01 00:00:00+00 | Jon Snow | snow@wall.st | 30 | f | NULL

select "b0"."uuid", "b0"."title", "b0"."author_id" from "book" as "b0" where "b0"."author_id" in (1, 2, 3) order by "b0"."title" asc;
-- ok SELECT 3
-- cols: uuid uuid | title varchar(255) | author_id int4
-- row: 33333333-3333-3333-3333-333333333333 | Ice | 1
-- row: 22222222-2222-2222-2222-222222222222 | Needle | 2
-- row: 11111111-1111-1111-1111-111111111111 | Winter | 1

select "a0"."id", "a0"."name", "b1"."uuid" as "b1__uuid", "b1"."title" as "b1__title" from "author" as "a0" left join "book" as "b1" on "a0"."id" = "b1"."author_id" order by "a0"."id" asc, "b1"."title" asc;
-- ok SELECT 4
-- cols: id int4 | name varchar(255) | b1__uuid uuid | b1__title varchar(255)
-- row: 1 | Jon Snow | 33333333-3333-3333-3333-333333333333 | Ice
-- row: 1 | Jon Snow | 11111111-1111-1111-1111-111111111111 | Winter
-- row: 2 | Arya | 22222222-2222-2222-2222-222222222222 | Needle
-- row: 3 | Sansa | NULL | NULL

select count(distinct("a0"."id")) as "count" from "author" as "a0" left join "book" as "b1" on "a0"."id" = "b1"."author_id" where "b1"."price" > 10;
-- ok SELECT 1
-- cols: count int8
-- row: 1

select "b0".* from "book" as "b0" where "b0"."meta"->>'category' = 'fantasy';
-- ok SELECT 1
-- cols: uuid uuid | title varchar(255) | price numeric(8,2) | author_id int4 | meta jsonb
-- row: 11111111-1111-1111-1111-111111111111 | Winter | 9.99 | 1 | {"items": 3, "category": "fantasy"}

select "b0"."title" from "book" as "b0" where ("b0"."price" is null or "b0"."price" < 12) order by "b0"."price" desc nulls last;
-- ok SELECT 2
-- cols: title varchar(255)
-- row: Winter
-- row: Ice

update "author" set "age" = case when ("id" = 1) then 31 when ("id" = 2) then 13 else "age" end, "terms_accepted" = case when ("id" = 1) then true else "terms_accepted" end where "id" in (1, 2);
-- ok UPDATE 2

select "id", "age", "terms_accepted" from "author" order by "id";
-- ok SELECT 3
-- cols: id int4 | age int4 | terms_accepted bool
-- row: 1 | 31 | t
-- row: 2 | 13 | f
-- row: 3 | NULL | f

update "author" set "favourite_book_id" = '11111111-1111-1111-1111-111111111111' where "id" = 1;
-- ok UPDATE 1

delete from "book" where "uuid" in ('11111111-1111-1111-1111-111111111111');
-- ok DELETE 1

select "id", "favourite_book_id" from "author" where "id" = 1;
-- ok SELECT 1
-- cols: id int4 | favourite_book_id uuid
-- row: 1 | NULL

delete from "author" where "id" in (2);
-- error 23503 update or delete on table "author" violates foreign key constraint "book_author_id_foreign" on table "book"

delete from "book" where "author_id" = 2;
-- ok DELETE 1

delete from "author" where "id" in (2) returning "id";
-- ok DELETE 1
-- cols: id int4
-- row: 2

select "a0"."name" from "author" as "a0" where lower("a0"."email") like lower('%STARK%') order by "a0"."id" asc limit 10 offset 0;
-- ok SELECT 1
-- cols: name varchar(255)
-- row: Sansa

select "a0".*, (select count(*) from "book" as "b1" where "b1"."author_id" = "a0"."id") as "books" from "author" as "a0" order by "a0"."id";
-- ok SELECT 2
-- cols: id int4 | created_at timestamptz | name varchar(255) | email varchar(255) | age int4 | terms_accepted bool | favourite_book_id uuid | books int8
-- row: 1 | 2024-01-01 00:00:00+00 | Jon Snow | snow@wall.st | 31 | t | NULL | 1
-- row: 3 | 2024-01-01 00:00:00+00 | Sansa | sansa@stark.wf | NULL | f | NULL | 0

SELECT EXISTS (SELECT 1 FROM "author" WHERE "email" = 'snow@wall.st') AS "exists";
-- ok SELECT 1
-- cols: exists bool
-- row: t

SELECT "t"."id" FROM "author" "t" WHERE "t"."id" = ANY('{1,3}'::int[]) ORDER BY "t"."id";
-- ok SELECT 2
-- cols: id int4
-- row: 1
-- row: 3

insert into "author" ("name", "email") values ('Jon Again', 'snow@wall.st') on conflict ("email") do update set "name" = excluded."name" returning "id", "name";
-- ok INSERT 0 1
-- cols: id int4 | name varchar(255)
-- row: 1 | Jon Again

select "name" from "author" order by "id";
-- ok SELECT 2
-- cols: name varchar(255)
-- row: Jon Again
-- row: Sansa
