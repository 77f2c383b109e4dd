#!/usr/bin/env bash
# Runs a command (a figure run of the kit) with every other process of positive niceness stopped (SIGSTOP) for its
# length, and resumes them after, also when the command fails or is interrupted: builds and tests run beside a
# measurement at `nice -n 19` still change its figures on a 2-vCPU machine. Processes started meanwhile at positive
# niceness are stopped too (checked every 0.5 s).
#   load-tests/lib/quiet.sh load-tests/run.sh QuoteBrowse --seconds 100 --rate 400 --steps 10 --baseline-rate 1200
set -uo pipefail
list=$(mktemp)
stopper() {
  while true; do
    ps -eo pid=,ni=,stat= | awk '$2 >= 10 && $3 !~ /T/ { print $1 }' > "$list.new"
    if [[ -s "$list.new" ]]; then kill -STOP $(cat "$list.new") 2>/dev/null; cat "$list.new" >> "$list"; fi
    sleep 0.5
  done
}
stopper & STOPPER=$!
resume() {
  kill "$STOPPER" 2>/dev/null; wait "$STOPPER" 2>/dev/null
  [[ -s "$list" ]] && kill -CONT $(sort -u "$list") 2>/dev/null
  rm -f "$list" "$list.new"
}
trap resume EXIT
"$@"
