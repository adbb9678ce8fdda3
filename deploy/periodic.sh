#!/usr/bin/env bash
# What runs on a schedule (systemd: hamgami-periodic@<schedule>.timer; cron works as well).
#   frequent (every 5 minutes): thread timers that fall due, debate-deadline notices
#   hourly: forget rate-limit records (hashed client addresses) and expired sessions
#   daily: the daily digest emails
set -euo pipefail
cd "$(dirname "$0")/.."
manage() { .venv/bin/python manage.py "$@"; }
case "${1:-}" in
  frequent) manage apply_thread_timers; manage notify_deadlines ;;
  hourly) manage purge_ip_records ;;
  daily) manage send_digests ;;
  *) echo "usage: $0 frequent|hourly|daily" >&2; exit 2 ;;
esac
