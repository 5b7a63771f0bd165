#!/bin/sh
# Creates one database and one role per OSSNET service. Run once by the postgres image
# (/docker-entrypoint-initdb.d) or by hand with psql access as a superuser.
# Each role's password comes from OSSNET_<SERVICE>_DB_PASSWORD.
set -eu

for service in tracker signing stats region; do
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  password=$(eval "echo \"\${OSSNET_${upper}_DB_PASSWORD:?set OSSNET_${upper}_DB_PASSWORD}\"")
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
