#!/usr/bin/env bash
# Stops the slurmd and slurmctld that start-slurm.sh started under the given folder (by their pid files).
dir=${1:?usage: stop-slurm.sh <state folder>}
for daemon in slurmd slurmctld; do
  if [ -f "$dir/$daemon.pid" ]; then kill "$(cat "$dir/$daemon.pid")" 2>/dev/null; fi
done
exit 0
