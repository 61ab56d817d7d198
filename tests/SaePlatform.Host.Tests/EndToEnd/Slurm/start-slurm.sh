#!/usr/bin/env bash
# Starts a single-node Slurm on localhost for SlurmSweepTests: munged (when none runs), slurmctld and slurmd with a
# minimal slurm.conf under the given folder. Prints SLURM_CONF=<path> and exits 0 once the node is idle; otherwise
# prints the reason and exits 1 (the test is then skipped with that reason). stop-slurm.sh <folder> stops them.
set -u
dir=${1:?usage: start-slurm.sh <state folder>}
for tool in slurmctld slurmd sbatch squeue sinfo munged; do
  command -v "$tool" >/dev/null 2>&1 || { echo "$tool is not installed (apt-get install slurm-wlm munge; .ci/run does)"; exit 1; }
done
mkdir -p "$dir/state" "$dir/spool" "$dir/log"
host=$(hostname -s)
user=$(id -un)
cpus=$(nproc)
port=$((20000 + RANDOM % 20000))
cat > "$dir/slurm.conf" <<CONF
ClusterName=saetest
SlurmctldHost=$host
SlurmUser=$user
SlurmdUser=$user
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
if ! pgrep -x munged >/dev/null 2>&1; then
  if [ ! -r /etc/munge/munge.key ]; then echo "no readable /etc/munge/munge.key (munge is not set up)"; exit 1; fi
  mkdir -p /run/munge 2>/dev/null
  munged --force >"$dir/log/munged.out" 2>&1 || { echo "munged did not start: $(tail -n 3 "$dir/log/munged.out" | tr '\n' ' ')"; exit 1; }
fi
slurmctld -f "$SLURM_CONF" >"$dir/log/slurmctld.out" 2>&1 || { echo "slurmctld did not start: $(tail -n 3 "$dir/log/slurmctld.out" "$dir/log/slurmctld.log" 2>/dev/null | tr '\n' ' ')"; exit 1; }
slurmd -f "$SLURM_CONF" >"$dir/log/slurmd.out" 2>&1 || { echo "slurmd did not start: $(tail -n 3 "$dir/log/slurmd.out" "$dir/log/slurmd.log" 2>/dev/null | tr '\n' ' ')"; exit 1; }
for _ in $(seq 1 60); do
  state=$(sinfo -h -o %T 2>/dev/null | head -n 1)
  if [ "$state" = "idle" ]; then echo "SLURM_CONF=$SLURM_CONF"; exit 0; fi
  sleep 0.5
done
echo "the Slurm node did not become idle within 30 s (state '${state:-none}'): $(tail -n 3 "$dir/log/slurmd.log" "$dir/log/slurmctld.log" 2>/dev/null | tr '\n' ' ')"
exit 1
