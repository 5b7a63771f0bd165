#!/bin/sh
# Creates one database and one role per OSSNET service. Run once, on the first start with an empty data
# directory, by the postgres image (/docker-entrypoint-initdb.d), or by hand as a superuser with psql.
# OSSNET_DATABASES lists the services this server holds (default: all four); each one's password comes from
# OSSNET_<SERVICE>_DB_PASSWORD, and a listed service without one stops the bootstrap instead of creating a
# role nobody can log in as.
set -eu

databases="${OSSNET_DATABASES:-tracker signing stats region}"
for service in $databases; do
  case "$service" in
    tracker|signing|stats|region) ;;
    *) echo "init-databases.sh: unknown service '$service' in OSSNET_DATABASES" >&2; exit 1 ;;
  esac
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  # printf, not echo: dash's echo would turn a backslash in a password into an escape.
  password=$(eval "printf '%s' \"\${OSSNET_${upper}_DB_PASSWORD:-}\"")
  if [ -z "$password" ]; then
    echo "init-databases.sh: OSSNET_${upper}_DB_PASSWORD is not set (OSSNET_DATABASES lists $service)" >&2
    exit 1
  fi
  # psql variables quote the role name and the password, so neither is ever spliced into SQL text.
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
       -v role="$service" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"role" OWNER :"role";
REVOKE ALL ON DATABASE :"role" FROM PUBLIC;
SQL
done
