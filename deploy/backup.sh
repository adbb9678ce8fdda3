#!/bin/sh
# pg_dump in PostgreSQL's custom format (compressed, restorable table by table), kept BACKUP_KEEP_DAYS.
set -eu
DB="${BACKUP_DB:-hamgami}"
DIR="${BACKUP_DIR:-/var/backups/hamgami}"
KEEP="${BACKUP_KEEP_DAYS:-14}"
mkdir -p "$DIR"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
pg_dump --format=custom --no-owner --file="$DIR/$DB-$STAMP.dump.part" "$DB"
mv "$DIR/$DB-$STAMP.dump.part" "$DIR/$DB-$STAMP.dump"
ln -sf "$DB-$STAMP.dump" "$DIR/latest.dump"
find "$DIR" -name "$DB-*.dump" -mtime +"$KEEP" -delete
echo "backup: $DIR/$DB-$STAMP.dump ($(du -h "$DIR/$DB-$STAMP.dump" | cut -f1))"
