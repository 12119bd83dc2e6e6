#!/usr/bin/env bash
# A sharded tmforge build on Slurm: a job array of N shard tasks (shard.sbatch), then a merge job
# that runs once all of them succeeded (merge.sbatch, --dependency=afterok).
#
#   contrib/slurm/submit.sh CORPUS OUTPUT N [--wait] [sbatch options...] [-- build options...]
#   contrib/slurm/submit.sh corpus out 16 --wait --partition=short --time=1:00:00 -- --source-lang en
#
# Shards go to OUTPUT/shards/K/, logs to OUTPUT/shards/logs/, the merged memories (and their review
# pages) to OUTPUT/, byte for byte those of `tmforge build CORPUS -o OUTPUT` on one machine.
# sbatch options go to both jobs; build options to every `tmforge build`.
#
# The settings of a build are kept in OUTPUT/shards/settings: the corpus, N, the build options,
# tmforge's version, and one SOURCE_DATE_EPOCH for every task (the caller's, or the time of the
# first submission). Run it again after a failure (a shard that crashed, was cancelled or timed
# out, a node that died) with the same arguments: it submits only the shards whose memories are
# missing or incomplete (no complete.sha256 marker, or a file that no longer matches it), and the
# merge. When everything is complete and merged, it submits nothing.
#
# The binary is the `tmforge` on PATH, or TMFORGE=path; the jobs run it by its absolute path, so it
# must be where the nodes can see it (as must CORPUS and OUTPUT).
#
# Prints the job ids. With --wait, returns when the merge has finished: exit status 0 when the
# merged memories are in OUTPUT, 1 when they are but shards skipped unreadable corpus files (as
# `tmforge build` exits 1), 2 when they are not (the failed shards and their logs are named) or on
# bad arguments.
set -euo pipefail

die() {
  echo "submit.sh: $*" >&2
  exit 2
}

# How often --wait asks squeue about the merge job, in seconds.
POLL_SECONDS="${TMFORGE_SLURM_POLL:-2}"

[ $# -ge 3 ] || die "usage: submit.sh CORPUS OUTPUT N [--wait] [sbatch options...] [-- build options...]"
corpus=$1 output=$2 count=$3
shift 3
[[ $count =~ ^[1-9][0-9]*$ ]] || die "N must be a whole number of shards, 1 or more, not '$count'"
wait=0 sbatch_options=() build_options=()
while [ $# -gt 0 ]; do
  case "$1" in
  --) shift; build_options=("$@"); break ;;
  --wait) wait=1 ;;
  -a | --array | --array=* | -d | --dependency | --dependency=* | --parsable | -W | --wait=*)
    die "$1: submit.sh sets the array and the dependency itself (and waits with --wait)" ;;
  *) sbatch_options+=("$1") ;;
  esac
  shift
done
for program in sbatch squeue sha256sum; do
  command -v "$program" >/dev/null || die "$program is not installed"
done

here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
tmforge=${TMFORGE:-$(command -v tmforge || true)}
[ -n "$tmforge" ] || die "tmforge is not on PATH; install it (cargo install --path .) or set TMFORGE=path"
tmforge=$(realpath -- "$tmforge")
[ -x "$tmforge" ] || die "$tmforge is not an executable"
version=$("$tmforge" --version) || die "$tmforge --version failed"
[ -d "$corpus" ] || die "$corpus: no such corpus folder"
corpus=$(realpath -- "$corpus")
mkdir -p -- "$output/shards/logs"
output=$(realpath -- "$output")
shards="$output/shards"

# The settings of this build, compared with those of an earlier submission into the same OUTPUT:
# shards of different builds must not be joined.
settings="corpus=$corpus
shards=$count
build options=${build_options[*]@Q}
tmforge=$version"
if [ -f "$shards/settings" ]; then
  kept=$(grep -v '^source_date_epoch=' "$shards/settings")
  [ "$kept" = "$settings" ] || die "$shards holds the shards of another build:
$kept
and this one is:
$settings
Run it with the same settings, or remove $shards (or choose another OUTPUT) to start anew."
  epoch=$(sed -n 's/^source_date_epoch=//p' "$shards/settings")
  [ -z "${SOURCE_DATE_EPOCH:-}" ] || [ "$SOURCE_DATE_EPOCH" = "$epoch" ] ||
    die "SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH, but the shards in $shards were started with $epoch; unset it or remove $shards"
else
  epoch=${SOURCE_DATE_EPOCH:-$(date +%s)}
  [[ $epoch =~ ^-?[0-9]+$ ]] || die "SOURCE_DATE_EPOCH=$epoch is not a whole number of seconds"
  printf '%s\nsource_date_epoch=%s\n' "$settings" "$epoch" >"$shards/.settings.part"
  mv -- "$shards/.settings.part" "$shards/settings"
fi

# The jobs of the last submission must be over before anything is submitted again: two tasks
# building one shard would write into one folder.
if [ -f "$shards/jobs" ]; then
  while read -r job; do
    if [ -n "$(squeue -h -j "$job" -o %i 2>/dev/null)" ]; then
      die "job $job of the last submission into $output is still queued or running; wait for it or scancel $job"
    fi
  done <"$shards/jobs"
fi

complete() {
  (cd -- "$shards/$1" 2>/dev/null && sha256sum --quiet --strict -c complete.sha256 >/dev/null 2>&1)
}
merged() {
  (cd -- "$output" && sha256sum --quiet --strict -c shards/merged.sha256 >/dev/null 2>&1)
}
incomplete() {
  for k in $(seq "$count"); do
    complete "$k" || echo "$k"
  done
}
# Unreadable corpus files skipped by the shards (their summary.json), reported as `build` does.
skipped() {
  for k in $(seq "$count"); do
    cat -- "$shards/$k/summary.json" 2>/dev/null || true
  done | sed -n 's/^  "unreadable_files": \([0-9]*\),\{0,1\}$/\1/p' | awk '{ n += $1 } END { print n + 0 }'
}

mapfile -t todo < <(incomplete)
if [ ${#todo[@]} -eq 0 ] && merged; then
  echo "all $count shards are complete and merged in $output; nothing to submit"
  [ "$(skipped)" -eq 0 ] || exit 1
  exit 0
fi
rm -f -- "$shards/merged.sha256"

common=(--parsable --export=ALL "${sbatch_options[@]}")
jobs=()
dependency=()
if [ ${#todo[@]} -gt 0 ]; then
  list=$(IFS=,; echo "${todo[*]}")
  # The array's indices are the shard numbers (--first 1), so a log's %a is its shard.
  array_job=$(sbatch --job-name=tmforge-shard --output="$shards/logs/shard-%a-%A.out" \
    --array="$list" "${common[@]}" \
    "$here/shard.sbatch" --first 1 --epoch "$epoch" --tmforge "$tmforge" \
    "$corpus" "$output" "$count" "${build_options[@]}")
  array_job=${array_job%%;*}
  jobs+=("$array_job")
  dependency=(--dependency="afterok:$array_job" --kill-on-invalid-dep=yes)
  echo "shards ${list} of $count: job array $array_job"
fi
merge_options=()
for option in "${build_options[@]}"; do
  [ "$option" = --no-semantic ] && merge_options=(--no-semantic)
done
merge_job=$(sbatch --job-name=tmforge-merge --output="$shards/logs/merge-%j.out" \
  "${dependency[@]}" "${common[@]}" \
  "$here/merge.sbatch" --epoch "$epoch" --tmforge "$tmforge" "${merge_options[@]}" "$output" "$count")
merge_job=${merge_job%%;*}
jobs+=("$merge_job")
echo "merge: job $merge_job"
printf '%s\n' "${jobs[@]}" >"$shards/jobs"

[ $wait -eq 1 ] || exit 0

# Until the merge job has left the queue (it is cancelled if a shard fails, --kill-on-invalid-dep).
while :; do
  state=$(squeue -h -j "$merge_job" -t all -o %T 2>/dev/null || true)
  case $state in
  PENDING | RUNNING | CONFIGURING | COMPLETING | SUSPENDED | REQUEUED | REQUEUE_HOLD | REQUEUE_FED | RESIZING | SIGNALING | STAGE_OUT)
    sleep "$POLL_SECONDS" ;;
  *) break ;;
  esac
done
if merged; then
  echo "merged into $output: $(cut -d' ' -f3- "$shards/merged.sha256" | tr '\n' ' ')"
  if [ "$(skipped)" -gt 0 ]; then
    echo "submit.sh: warning: the shards skipped $(skipped) unreadable corpus file(s); see $shards/logs" >&2
    exit 1
  fi
  exit 0
fi
mapfile -t failed < <(incomplete)
if [ ${#failed[@]} -gt 0 ]; then
  echo "submit.sh: shard(s) ${failed[*]} of $count did not complete (logs: $shards/logs/shard-K-$array_job.out); run submit.sh again to resubmit them" >&2
else
  echo "submit.sh: the merge (job $merge_job, ${state:-gone from the queue}) did not complete; see $shards/logs/merge-$merge_job.out" >&2
fi
exit 2
