#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for the tests of contrib/slurm (tests/slurm.rs) in CI
# and on a developer's machine: munged, slurmctld and slurmd started by hand, without systemd.
#
#   eval "$(contrib/slurm/ci-cluster.sh start)"   # starts it; prints `export SLURM_CONF=…`
#   contrib/slurm/ci-cluster.sh status
#   contrib/slurm/ci-cluster.sh stop              # stops the daemons that `start` started
#
# Needs Debian's slurmctld, slurmd, slurm-client and munge (apt-get install), and root: slurmd
# starts jobs as their submitter. Everything it writes (slurm.conf, a munge key of its own, state,
# logs, PID files) lives in one folder, TMFORGE_SLURM_DIR (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/tmforge-ci/slurm), so it leaves /etc/slurm, /etc/munge and any
# cluster already running alone: its programs find it through SLURM_CONF. One exception: when
# there is no /etc/slurm/slurm.conf, it links one to its own while the cluster runs, because
# Snakemake's Slurm executor clears SLURM_* variables before it calls srun inside a job, so srun
# finds the cluster only there (as on a real cluster). It does not install packages and does not
# configure accounting (no slurmdbd, so no sacct: Snakemake needs --slurm-status-command squeue).
set -euo pipefail

STATE="${TMFORGE_SLURM_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/tmforge-ci/slurm}"
# Slurm's own default ports; set others when a cluster already listens on these.
CTLD_PORT="${TMFORGE_SLURMCTLD_PORT:-6817}"
SLURMD_PORT="${TMFORGE_SLURMD_PORT:-6818}"
# The node's CPUs: two, as on the project's machines, whatever this machine has, so that a test
# sees the same scheduling (two array tasks at a time) everywhere.
CPUS=2
# The node's memory as slurmd reports it to jobs that ask for some (--mem, Snakemake's mem_mb):
# most of this machine's, leaving room for the daemons and the test that drives them.
MEMORY_MB=$(($(awk '/^MemTotal:/ { print $2 }' /proc/meminfo) * 8 / 10 / 1024))
# Where Slurm's programs look for the configuration when SLURM_CONF is not set.
SYSTEM_CONF=/etc/slurm/slurm.conf
# How long the daemons may take to answer after starting; they take about a second.
READY_SECONDS=60

die() {
  echo "ci-cluster.sh: $*" >&2
  exit 2
}

# The PID recorded in $STATE/NAME.pid, when that process still runs the program NAME (a recycled
# PID of another program is never signalled).
live_pid() {
  local name=$1 pid
  pid=$(cat "$STATE/$name.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  echo "$pid"
}

# Starts NAME in the foreground of a background job and records its PID.
launch() {
  local name=$1
  shift
  nohup "$@" >"$STATE/$name.out" 2>&1 </dev/null &
  echo $! >"$STATE/$name.pid"
}

write_config() {
  local host
  host=$(hostname -s)
  mkdir -p "$STATE/munge" "$STATE/ctld" "$STATE/slurmd"
  chmod 700 "$STATE" "$STATE/munge"
  [ -s "$STATE/munge/munge.key" ] || mungekey --create --keyfile="$STATE/munge/munge.key"
  chmod 400 "$STATE/munge/munge.key"
  cat >"$STATE/slurm.conf" <<EOF
# Written by contrib/slurm/ci-cluster.sh: one node, no cgroups, no accounting.
ClusterName=tmforge-ci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$STATE/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$STATE/ctld
SlurmdSpoolDir=$STATE/slurmd
SlurmctldPidFile=$STATE/slurmctld.daemon.pid
SlurmdPidFile=$STATE/slurmd.daemon.pid
SlurmctldLogFile=$STATE/slurmctld.log
SlurmdLogFile=$STATE/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
# Finished jobs stay visible to squeue and scontrol for five minutes.
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEMORY_MB State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
}

start() {
  for program in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo; do
    command -v "$program" >/dev/null ||
      die "$program is not installed (apt-get install slurmctld slurmd slurm-client munge)"
  done
  [ "$(id -u)" -eq 0 ] || die "run as root: slurmd starts each job as the user who submitted it"
  if live_pid slurmctld >/dev/null || live_pid slurmd >/dev/null || live_pid munged >/dev/null; then
    die "a cluster started from $STATE is running; stop it first ($0 stop)"
  fi
  write_config
  export SLURM_CONF="$STATE/slurm.conf"
  launch munged munged --foreground --force --socket="$STATE/munge/munge.socket" \
    --key-file="$STATE/munge/munge.key" --pid-file="$STATE/munge/munged.daemon.pid" \
    --seed-file="$STATE/munge/munged.seed" --log-file="$STATE/munge/munged.log"
  for _ in $(seq 50); do
    [ -S "$STATE/munge/munge.socket" ] && break
    sleep 0.1
  done
  [ -S "$STATE/munge/munge.socket" ] || { cat "$STATE/munged.out" >&2; die "munged did not start"; }
  # -i: start without the state of an earlier run (no jobs left over from it).
  launch slurmctld slurmctld -D -i -f "$SLURM_CONF"
  launch slurmd slurmd -D -f "$SLURM_CONF"
  local state=""
  for _ in $(seq $((READY_SECONDS * 2))); do
    state=$(sinfo -h -o %T 2>/dev/null || true)
    [ "$state" = idle ] && break
    if ! live_pid slurmctld >/dev/null || ! live_pid slurmd >/dev/null; then
      break
    fi
    sleep 0.5
  done
  if [ "$state" != idle ]; then
    tail -n 20 "$STATE"/slurmctld.out "$STATE"/slurmd.out "$STATE"/slurmctld.log \
      "$STATE"/slurmd.log >&2 2>/dev/null || true
    stop >&2
    die "the node did not become idle within $READY_SECONDS s (state: '${state:-no answer}')"
  fi
  if [ ! -e "$SYSTEM_CONF" ] && [ ! -L "$SYSTEM_CONF" ] && [ -d "$(dirname "$SYSTEM_CONF")" ]; then
    ln -s "$SLURM_CONF" "$SYSTEM_CONF"
  fi
  echo "ci-cluster.sh: one node ($(hostname -s), $CPUS CPUs) idle; state and logs in $STATE" >&2
  echo "export SLURM_CONF=$(printf %q "$SLURM_CONF")"
}

stop() {
  local name pid
  export SLURM_CONF="$STATE/slurm.conf"
  # Jobs still running would outlive slurmd (their slurmstepd is not its child for long).
  if live_pid slurmctld >/dev/null; then
    scancel --partition=ci 2>/dev/null || true
    sleep 1
  fi
  if [ "$(readlink "$SYSTEM_CONF" 2>/dev/null)" = "$STATE/slurm.conf" ]; then
    rm -f "$SYSTEM_CONF"
  fi
  for name in slurmd slurmctld munged; do
    pid=$(live_pid "$name") || continue
    kill "$pid"
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      echo "ci-cluster.sh: $name ($pid) did not stop in 10 s; killing it" >&2
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$STATE/$name.pid"
    echo "ci-cluster.sh: stopped $name ($pid)" >&2
  done
}

status() {
  local name pid
  for name in munged slurmctld slurmd; do
    if pid=$(live_pid "$name"); then
      echo "$name: running ($pid)"
    else
      echo "$name: not running"
    fi
  done
  if live_pid slurmctld >/dev/null; then
    SLURM_CONF="$STATE/slurm.conf" sinfo
  fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status) status ;;
*) die "usage: $0 start|stop|status" ;;
esac
