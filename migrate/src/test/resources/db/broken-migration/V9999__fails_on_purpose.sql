-- MigrationsTest: a migration that fails halfway. The table it creates first must not survive the failure.
CREATE TABLE created_before_the_failure (id integer);
ALTER TABLE no_such_table ADD COLUMN never integer;
