#!/bin/sh
# Runs once, when the postgres image initialises its data volume: the application's role is no superuser, may not
# create databases or roles, and owns only its own database. Its password comes from the environment.
set -eu
psql -v ON_ERROR_STOP=1 -v password="$TVAE_DATABASE_PASSWORD" --username "$POSTGRES_USER" --dbname postgres <<'SQL'
CREATE ROLE tvae LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
CREATE DATABASE tvae OWNER tvae;
SQL
