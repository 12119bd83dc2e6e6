//! The sharded build on a cluster engine, end to end: contrib/slurm/submit.sh on a Slurm cluster
//! (a one-node one in CI, started by `contrib/slurm/ci-cluster.sh`), the sbatch scripts on their
//! own, and the Snakemake workflow locally and with its Slurm executor. Each must give the memories
//! of a single-machine build, byte for byte, also after a shard was cancelled and rerun.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant, SystemTime};

use common::{repo, require_any_program, run, tmforge};

/// The date every build in these tests carries (common::tmforge sets the same).
const EPOCH: &str = "1700000000";
/// Documents in the generated corpus: a few dozen, so that each of four shards gets several.
const DOCUMENTS: usize = 40;
/// Documents that also have a French translation: a second language pair for the merge, which
/// most shards have no document of.
const FRENCH: usize = 3;
/// How long a run on the cluster may take before the test gives up (it takes seconds).
const CLUSTER_TIMEOUT: Duration = Duration::from_secs(300);

const CLUSTER_HINT: &str = "start a cluster with `eval \"$(contrib/slurm/ci-cluster.sh start)\"` \
     (as root, after apt-get install slurmctld slurmd slurm-client munge), or run `bash .ci/run`";

fn slurm_script(name: &str) -> PathBuf {
    repo().join("contrib/slurm").join(name)
}

fn tmforge_bin() -> &'static str {
    env!("CARGO_BIN_EXE_tmforge")
}

/// Writes a corpus of [`DOCUMENTS`] Arabic-English documents (and [`FRENCH`] French translations)
/// from the synthetic generator the aligner's tests use, into `dir/corpus`.
fn corpus(dir: &Path) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for d in 0..DOCUMENTS {
        let (source, target, _) = common::synthetic::synthetic(12, 1000 + d as u64);
        let name = format!("news-{d:03}");
        std::fs::write(corpus.join(format!("{name}.ar.txt")), source.join("\n\n")).unwrap();
        std::fs::write(corpus.join(format!("{name}.en.txt")), target.join("\n\n")).unwrap();
        if d < FRENCH {
            std::fs::write(corpus.join(format!("{name}.fr.txt")), target.join("\n\n")).unwrap();
        }
    }
    corpus
}

/// `tmforge build` on one machine: the memories every sharded build must reproduce.
fn single_build(corpus: &Path, out: &Path) {
    let (status, _, stderr) = run(tmforge()
        .arg("build")
        .arg(corpus)
        .arg("-o")
        .arg(out)
        .arg("-q"));
    assert!(status.status.success(), "{stderr}");
}

/// The memories and review pages in `dir` (not the shards), by name.
fn outputs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmx") || n.ends_with(".html"))
        .collect();
    names.sort();
    names
}

/// Asserts that `dir` holds exactly the memories and review pages of `single`, byte for byte.
fn assert_same_outputs(dir: &Path, single: &Path) {
    let expected = outputs(single);
    assert_eq!(
        expected,
        ["ar-en.html", "ar-en.tmx", "ar-fr.html", "ar-fr.tmx"],
        "the single build"
    );
    assert_eq!(outputs(dir), expected, "{}", dir.display());
    for name in &expected {
        assert!(
            std::fs::read(dir.join(name)).unwrap() == std::fs::read(single.join(name)).unwrap(),
            "{}/{name} differs from the single-machine build",
            dir.display()
        );
    }
}

/// Fails with how to start one when no Slurm cluster answers.
fn require_cluster() {
    for program in ["sbatch", "squeue", "scancel", "sinfo"] {
        require_any_program(&[program], CLUSTER_HINT);
    }
    let out = Command::new("sinfo")
        .args(["-h", "-o", "%T"])
        .output()
        .unwrap();
    assert!(
        out.status.success() && !out.stdout.is_empty(),
        "no Slurm cluster answers ({}); {CLUSTER_HINT}",
        String::from_utf8_lossy(&out.stderr).trim()
    );
}

/// `submit.sh CORPUS OUTPUT 4 --wait` with the given binary, as a command to run or spawn.
fn submit(corpus: &Path, output: &Path, tmforge: &Path) -> Command {
    let mut cmd = Command::new("bash");
    cmd.arg(slurm_script("submit.sh"))
        .arg(corpus)
        .arg(output)
        .args(["4", "--wait"])
        .env("TMFORGE", tmforge)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .env("TMFORGE_SLURM_POLL", "1");
    cmd
}

/// Waits for `child` at most [`CLUSTER_TIMEOUT`]; kills it and fails the test after that.
fn wait_with_timeout(mut child: std::process::Child, what: &str) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > CLUSTER_TIMEOUT {
            child.kill().unwrap();
            panic!("{what} did not finish within {CLUSTER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
#[ignore = "needs a Slurm cluster (started by .ci/run)"]
fn submit_sh_builds_the_single_machine_memories_and_reruns_only_broken_shards() {
    require_cluster();
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let single = dir.path().join("single");
    single_build(&corpus, &single);

    // A whole build: four array tasks and the merge.
    let started = Instant::now();
    let out = dir.path().join("out");
    let child = submit(&corpus, &out, Path::new(tmforge_bin()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let done = wait_with_timeout(child, "submit.sh --wait");
    let stdout = text(&done.stdout);
    assert!(done.status.success(), "{stdout}{}", text(&done.stderr));
    assert!(
        stdout.contains("shards 1,2,3,4 of 4: job array "),
        "{stdout}"
    );
    assert!(stdout.contains("merge: job "), "{stdout}");
    assert_same_outputs(&out, &single);
    eprintln!("submit.sh, 4 shards and the merge: {:?}", started.elapsed());

    // Nothing to do the second time.
    let (again, stdout, stderr) = run(&mut submit(&corpus, &out, Path::new(tmforge_bin())));
    assert!(again.status.success(), "{stderr}");
    assert!(stdout.contains("nothing to submit"), "{stdout}");

    // Shard 3 is cancelled while it runs: its memories are written, its marker is not.
    let started = Instant::now();
    let out = dir.path().join("out-cancelled");
    let flag = dir.path().join("shard-3-built");
    let hanging = dir.path().join("tmforge-hangs-in-shard-3");
    std::fs::write(
        &hanging,
        format!(
            "#!/bin/sh\n\
             # tmforge, except that shard 3 hangs after it wrote its memories.\n\
             case \" $* \" in\n\
             *\" --shard 3/4 \"*) {bin} \"$@\"; touch {flag}; exec sleep 600 ;;\n\
             esac\n\
             exec {bin} \"$@\"\n",
            bin = tmforge_bin(),
            flag = flag.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hanging, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let child = submit(&corpus, &out, &hanging)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + CLUSTER_TIMEOUT;
    while !flag.exists() {
        assert!(Instant::now() < deadline, "shard 3 never ran");
        std::thread::sleep(Duration::from_millis(200));
    }
    let array_job = std::fs::read_to_string(out.join("shards/jobs")).unwrap();
    let array_job = array_job.lines().next().unwrap();
    let cancel = Command::new("scancel")
        .arg(format!("{array_job}_3"))
        .output()
        .unwrap();
    assert!(cancel.status.success(), "{}", text(&cancel.stderr));
    let failed = wait_with_timeout(child, "submit.sh --wait with a cancelled shard");
    let stderr = text(&failed.stderr);
    assert_eq!(failed.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("shard(s) 3 of 4 did not complete"),
        "{stderr}"
    );
    assert!(out.join("shards/3/ar-en.tmx").exists());
    assert!(!out.join("shards/3/complete.sha256").exists());
    assert!(outputs(&out).is_empty(), "{:?}", outputs(&out));

    // And a complete shard's memory is damaged afterwards: its marker no longer checks.
    let memory = out.join("shards/1/ar-en.tmx");
    let length = std::fs::metadata(&memory).unwrap().len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&memory)
        .unwrap()
        .set_len(length / 2)
        .unwrap();
    let untouched: Vec<SystemTime> = [2, 4]
        .iter()
        .map(|k| modified(&out.join(format!("shards/{k}/complete.sha256"))))
        .collect();

    // The rerun builds shards 1 and 3 only, and the merge gives the single-machine bytes.
    let (rerun, stdout, stderr) = run(&mut submit(&corpus, &out, Path::new(tmforge_bin())));
    assert!(rerun.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("shards 1,3 of 4: job array "), "{stdout}");
    assert_same_outputs(&out, &single);
    let after: Vec<SystemTime> = [2, 4]
        .iter()
        .map(|k| modified(&out.join(format!("shards/{k}/complete.sha256"))))
        .collect();
    assert_eq!(untouched, after, "shards 2 and 4 were built again");
    eprintln!(
        "cancel shard 3, damage shard 1, rerun: {:?}",
        started.elapsed()
    );

    // Another build into the same folder is refused: its shards would not join with these.
    let (other, _, stderr) = run(Command::new("bash")
        .arg(slurm_script("submit.sh"))
        .arg(&corpus)
        .arg(&out)
        .arg("3")
        .env("TMFORGE", tmforge_bin()));
    assert_eq!(other.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("holds the shards of another build"),
        "{stderr}"
    );
}

#[test]
#[ignore = "needs a Slurm cluster (started by .ci/run)"]
fn the_sbatch_scripts_work_with_an_array_counted_from_zero() {
    require_cluster();
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let single = dir.path().join("single");
    single_build(&corpus, &single);
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let log = out.join("slurm-%A_%a.out");
    let (shards, _, stderr) = run(Command::new("sbatch")
        .args(["--wait", "--array=0-3", "-o"])
        .arg(&log)
        .arg(slurm_script("shard.sbatch"))
        .args(["--epoch", EPOCH, "--tmforge", tmforge_bin()])
        .arg(&corpus)
        .arg(&out)
        .arg("4"));
    assert!(shards.status.success(), "{stderr}");
    let (merge, _, stderr) = run(Command::new("sbatch")
        .args(["--wait", "-o"])
        .arg(out.join("merge-%j.out"))
        .arg(slurm_script("merge.sbatch"))
        .args(["--tmforge", tmforge_bin()])
        .arg(&out)
        .arg("4"));
    assert!(merge.status.success(), "{stderr}");
    assert_same_outputs(&out, &single);
}

/// Runs shard.sbatch with bash as Slurm would start it as a task of an array.
fn shard_task(corpus: &Path, out: &Path, array: (u32, u32, u32, u32), args: &[&str]) -> Output {
    let (task, min, max, count) = array;
    Command::new("bash")
        .arg(slurm_script("shard.sbatch"))
        .args(args)
        .args(["--epoch", EPOCH, "--tmforge", tmforge_bin()])
        .arg(corpus)
        .arg(out)
        .arg("4")
        .env("SLURM_ARRAY_TASK_ID", task.to_string())
        .env("SLURM_ARRAY_TASK_MIN", min.to_string())
        .env("SLURM_ARRAY_TASK_MAX", max.to_string())
        .env("SLURM_ARRAY_TASK_COUNT", count.to_string())
        .output()
        .unwrap()
}

#[test]
#[ignore = "runs the contrib/slurm scripts (bash, coreutils; run by .ci/run)"]
fn a_shard_task_knows_its_shard_whatever_index_the_array_starts_from() {
    require_any_program(&["bash"], "apt-get install bash coreutils");
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let out = dir.path().join("out");
    // Task 12 of a whole array 10-13 is shard 3.
    let task = shard_task(&corpus, &out, (12, 10, 13, 4), &[]);
    assert!(task.status.success(), "{}", text(&task.stderr));
    let marker = std::fs::read_to_string(out.join("shards/3/complete.sha256")).unwrap();
    assert!(marker.contains("  ar-en.tmx\n"), "{marker}");
    assert!(marker.contains("  summary.json\n"), "{marker}");
    // A rerun of some shards (array 2,4) must say where shard 1 is; a guess could build the wrong one.
    let task = shard_task(&corpus, &out, (4, 2, 4, 2), &[]);
    assert_eq!(task.status.code(), Some(2));
    assert!(
        text(&task.stderr).contains("pass --first"),
        "{}",
        text(&task.stderr)
    );
    assert!(!out.join("shards/2").exists() && !out.join("shards/4").exists());
    let task = shard_task(&corpus, &out, (4, 2, 4, 2), &["--first", "1"]);
    assert!(task.status.success(), "{}", text(&task.stderr));
    assert!(out.join("shards/4/complete.sha256").exists());
    // An index past the last shard is an error, not a fifth shard.
    let task = shard_task(&corpus, &out, (5, 2, 5, 2), &["--first", "1"]);
    assert_eq!(task.status.code(), Some(2));
    assert!(!out.join("shards/5").exists());
    // Without a date shared by all shards, the merge could not join them: refused.
    let task = Command::new("bash")
        .arg(slurm_script("shard.sbatch"))
        .args(["--shard", "1", "--tmforge", tmforge_bin()])
        .arg(&corpus)
        .arg(&out)
        .arg("4")
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    assert_eq!(task.status.code(), Some(2));
    assert!(text(&task.stderr).contains("SOURCE_DATE_EPOCH"));
    // The merge refuses while shards are missing.
    let merge = Command::new("bash")
        .arg(slurm_script("merge.sbatch"))
        .args(["--tmforge", tmforge_bin()])
        .arg(&out)
        .arg("4")
        .output()
        .unwrap();
    assert_eq!(merge.status.code(), Some(2));
    assert!(
        text(&merge.stderr).contains("shard(s) 1 2 of 4 are missing or incomplete"),
        "{}",
        text(&merge.stderr)
    );
}

/// The snakemake program: $SNAKEMAKE (set by .ci/run to the one in its venv) or on PATH.
fn snakemake() -> PathBuf {
    match std::env::var_os("SNAKEMAKE") {
        Some(path) => PathBuf::from(path),
        None => require_any_program(
            &["snakemake"],
            "pip install snakemake in a venv and set SNAKEMAKE=venv/bin/snakemake (`bash .ci/run` does)",
        ),
    }
}

/// `snakemake -s contrib/slurm/Snakefile ARGS...` in `dir`, for a build of `corpus` into `dir/out`
/// in four shards.
fn snakemake_cmd(dir: &Path, corpus: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(snakemake());
    cmd.current_dir(dir)
        .arg("-s")
        .arg(slurm_script("Snakefile"))
        .args(args)
        // Last: --config takes every word after it.
        .arg("--config")
        .arg(format!("corpus={}", corpus.display()))
        .arg("output=out")
        .arg("shards=4")
        .arg(format!("tmforge={}", tmforge_bin()))
        .env("SOURCE_DATE_EPOCH", EPOCH);
    cmd
}

#[test]
#[ignore = "needs snakemake (installed in a venv by .ci/run)"]
fn the_snakemake_workflow_builds_the_single_machine_memories() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let single = dir.path().join("single");
    single_build(&corpus, &single);
    let started = Instant::now();
    let (status, stdout, stderr) = run(&mut snakemake_cmd(dir.path(), &corpus, &["--cores", "2"]));
    assert!(status.status.success(), "{stdout}{stderr}");
    let out = dir.path().join("out");
    assert_same_outputs(&out, &single);
    eprintln!("snakemake --cores 2: {:?}", started.elapsed());

    // A run that failed in shard 2 (so before the merge): the rerun builds shard 2 and merges,
    // leaves the other shards alone, and the bytes are the same.
    std::fs::remove_file(out.join("shards/2/complete.sha256")).unwrap();
    std::fs::remove_file(out.join("shards/merged.sha256")).unwrap();
    let untouched = modified(&out.join("shards/1/complete.sha256"));
    let (status, stdout, stderr) = run(&mut snakemake_cmd(dir.path(), &corpus, &["--cores", "2"]));
    assert!(status.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("3 of 3 steps (100%) done"),
        "shard 2, the merge and `all` only: {stderr}"
    );
    assert_eq!(modified(&out.join("shards/1/complete.sha256")), untouched);
    assert_same_outputs(&out, &single);
}

#[test]
#[ignore = "needs a Slurm cluster and snakemake with its Slurm executor (installed by .ci/run)"]
fn the_snakemake_workflow_runs_on_slurm() {
    require_cluster();
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus(dir.path());
    let single = dir.path().join("single");
    single_build(&corpus, &single);
    let started = Instant::now();
    let (status, stdout, stderr) = run(&mut snakemake_cmd(
        dir.path(),
        &corpus,
        &[
            "--executor",
            "slurm",
            "--jobs",
            "4",
            // The CI cluster has no accounting database, so no sacct and no accounts.
            "--slurm-status-command",
            "squeue",
            "--slurm-no-account",
            "--slurm-init-seconds-before-status-checks",
            "1",
            "--seconds-between-status-checks",
            "2",
            "--default-resources",
            "runtime=10",
            "mem_mb=500",
        ],
    ));
    assert!(status.status.success(), "{stdout}{stderr}");
    assert!(
        stderr.contains("has been submitted with SLURM jobid"),
        "{stderr}"
    );
    assert_same_outputs(&dir.path().join("out"), &single);
    eprintln!("snakemake --executor slurm: {:?}", started.elapsed());
}
