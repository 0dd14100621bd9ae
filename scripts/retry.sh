#!/bin/sh
# retry.sh TIMES COMMAND...: run COMMAND until it succeeds, at most TIMES times, waiting a
# little longer after each failure. Exits with COMMAND's last status. For network steps
# (pip, apt-get) that a momentary outage of the index would otherwise fail.
set -u
times="$1"
shift
attempt=1
while :; do
    "$@" && exit 0
    status=$?
    if [ "$attempt" -ge "$times" ]; then
        echo "retry.sh: '$*' failed $attempt times; giving up." >&2
        exit "$status"
    fi
    echo "retry.sh: '$*' failed (status $status); trying again in $((attempt * 10)) s." >&2
    sleep $((attempt * 10))
    attempt=$((attempt + 1))
done
