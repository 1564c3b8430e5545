"""The fixture workflow run for real through profiles/slurm, on a one-node SLURM
cluster that this module starts on this machine and stops afterwards.

Needs root and Debian's slurmctld, slurmd, slurm-client and munge packages
(.ci/run installs them). Everything the cluster uses (munge key and socket,
slurm.conf, state, logs) lives in a temporary folder; /etc/slurm, /etc/munge
and any running daemons are left alone. One thing has to be visible outside
that folder: inside each job the plugin runs `srun` with every SLURM_*
variable removed, SLURM_CONF included, so `srun` looks for the configuration
where a real node has it. The test links /run/slurm/conf (where a configless
node keeps its copy) to its temporary config while the cluster runs, and
removes the link afterwards. Without the packages, on a machine that already
has a SLURM configuration, or where the daemons cannot start, the tests skip
and say why; with PLANTOPICS_REQUIRE_SLURM=1 (set by .ci/run) they fail instead.

Only the foundation stages (ingest -> segment -> tokenize: three SLURM jobs in
a chain) run through SLURM, to keep this under a minute or two; every other
rule is launched the same way, and tests/test_scaleout.py checks that each one
declares the resources the submission uses.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DIR, ROOT
from workflow_rules import declared_rules

SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))
PROFILE = ROOT / "profiles" / "slurm"
DOC = "fixture_plan"
TARGETS = [f"results/{DOC}/tokens/report.md", f"results/{DOC}/structure/chapters.csv"]
RULES = ("ingest", "segment", "tokenize")
BINARIES = ("munged", "mungekey", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo", "scancel", "scontrol")
PACKAGES = "slurmctld slurmd slurm-client munge"
PARTITION = "debug"
MIN_FREE_MB = 3000  # the largest job here asks for 2000 MB; SLURM would hold it forever on a smaller node
SYSTEM_CONF = Path("/etc/slurm/slurm.conf")  # what every SLURM client reads without SLURM_CONF
CONFIGLESS_DIR = Path("/run/slurm/conf")  # ... and then, on a configless node

pytestmark = pytest.mark.workflow


def skip_or_fail(reason: str):
    if os.environ.get("PLANTOPICS_REQUIRE_SLURM") == "1":
        pytest.fail(f"{reason} (PLANTOPICS_REQUIRE_SLURM=1, so this is an error)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def available_memory_mb() -> int:
    with open("/proc/meminfo") as meminfo:
        return next(int(line.split()[1]) for line in meminfo if line.startswith("MemAvailable")) // 1024


def tail(path: Path, n: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-n:]) if path.exists() else f"({path} missing)"


@dataclass
class LocalSlurm:
    """A throw-away SLURM cluster: munged, slurmctld and slurmd for this host."""

    base: Path
    env: dict = field(default_factory=dict)
    daemons: dict = field(default_factory=dict)
    linked: bool = False
    made_run_dir: bool = False

    @property
    def conf(self) -> Path:
        return self.base / "etc" / "slurm.conf"

    def run(self, *cmd: str, timeout: float = 30) -> subprocess.CompletedProcess:
        return subprocess.run(cmd, env=self.env, capture_output=True, text=True, timeout=timeout)

    def write_config(self) -> None:
        host = socket.gethostname().split(".")[0]
        available_mb = available_memory_mb()
        for sub in ("munge", "state", "spool", "log"):
            (self.base / sub).mkdir(mode=0o700)
        for sub in ("munge-socket", "etc"):
            (self.base / sub).mkdir(mode=0o755)
        (self.base / "etc" / "plugstack.conf").write_text("")
        settings = {
            "ClusterName": "plantopicstest",
            "SlurmctldHost": f"{host}(127.0.0.1)",
            "SlurmctldPort": free_port(),
            "SlurmdPort": free_port(),
            "AuthType": "auth/munge",
            "CredType": "cred/munge",
            "AuthInfo": f"socket={self.base}/munge-socket/munge.socket",
            "SlurmUser": "root",
            "SlurmdUser": "root",
            "StateSaveLocation": self.base / "state",
            "SlurmdSpoolDir": self.base / "spool",
            "SlurmctldPidFile": self.base / "slurmctld.pid",
            "SlurmdPidFile": self.base / "slurmd.pid",
            "SlurmctldLogFile": self.base / "log" / "slurmctld.log",
            "SlurmdLogFile": self.base / "log" / "slurmd.log",
            "PlugStackConfig": self.base / "etc" / "plugstack.conf",
            "MailProg": "/bin/true",
            "ProctrackType": "proctrack/linuxproc",
            "TaskPlugin": "task/none",
            "SchedulerType": "sched/backfill",
            "SelectType": "select/cons_tres",
            "SelectTypeParameters": "CR_Core_Memory",
            "AccountingStorageType": "accounting_storage/none",
            "JobAcctGatherType": "jobacct_gather/none",
            "JobCompType": "jobcomp/none",
            "MpiDefault": "none",
            "ReturnToService": 2,
            # Finished jobs stay visible to squeue this long; the executor's
            # squeue status checks need it (there is no accounting database).
            "MinJobAge": 600,
        }
        lines = [f"{key}={value}" for key, value in settings.items()]
        lines.append(
            f"NodeName={host} NodeAddr=127.0.0.1 CPUs={os.cpu_count()} "
            f"RealMemory={int(available_mb * 0.9)} State=UNKNOWN"
        )
        lines.append(f"PartitionName={PARTITION} Nodes=ALL Default=YES MaxTime=INFINITE State=UP")
        self.conf.write_text("\n".join(lines) + "\n")
        self.env = {**os.environ, "SLURM_CONF": str(self.conf)}
        for key in [k for k in self.env if k.startswith(("SLURM_JOB", "SLURM_STEP", "SBATCH_", "SQUEUE_"))]:
            del self.env[key]  # in case pytest itself runs inside a SLURM job

    def start_daemon(self, name: str, *cmd: str) -> None:
        log = open(self.base / "log" / f"{name}.out", "wb")
        self.daemons[name] = subprocess.Popen(
            cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
        log.close()

    def wait_for(self, what: str, ready, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            dead = [name for name, proc in self.daemons.items() if proc.poll() is not None]
            if dead:
                raise RuntimeError(f"{', '.join(dead)} exited while waiting for {what}")
            if ready():
                return
            time.sleep(0.5)
        raise RuntimeError(f"timed out after {timeout:.0f} s waiting for {what}")

    def link_configless_dir(self) -> None:
        """Let srun inside the jobs find this cluster's slurm.conf (see the module docstring)."""
        if not CONFIGLESS_DIR.parent.exists():
            CONFIGLESS_DIR.parent.mkdir(parents=True)
            self.made_run_dir = True
        CONFIGLESS_DIR.symlink_to(self.base / "etc", target_is_directory=True)
        self.linked = True

    def unlink_configless_dir(self) -> None:
        if self.linked and CONFIGLESS_DIR.is_symlink() and CONFIGLESS_DIR.readlink() == self.base / "etc":
            CONFIGLESS_DIR.unlink()
            self.linked = False
        if self.made_run_dir and not any(CONFIGLESS_DIR.parent.iterdir()):
            CONFIGLESS_DIR.parent.rmdir()
            self.made_run_dir = False

    def start(self) -> None:
        self.write_config()
        self.link_configless_dir()
        munge = self.base / "munge"
        socket_path = self.base / "munge-socket" / "munge.socket"
        subprocess.run(["mungekey", "--create", "--keyfile", str(munge / "munge.key")], check=True, capture_output=True)
        self.start_daemon(
            "munged",
            "munged",
            "--foreground",
            "--force",
            f"--socket={socket_path}",
            f"--key-file={munge / 'munge.key'}",
            f"--log-file={munge / 'munged.log'}",
            f"--pid-file={munge / 'munged.pid'}",
            f"--seed-file={munge / 'munged.seed'}",
        )
        self.wait_for("the munge socket", socket_path.exists)
        self.start_daemon("slurmctld", "slurmctld", "-D", "-i", "-f", str(self.conf))
        self.wait_for("slurmctld", lambda: self.run("scontrol", "ping").stdout.count("UP") > 0)
        self.start_daemon("slurmd", "slurmd", "-D", "-f", str(self.conf))
        self.wait_for("the node to be idle", lambda: self.run("sinfo", "-h", "-N", "-o", "%T").stdout.strip() == "idle")

    def jobs(self) -> list[dict]:
        """Every job the controller still knows (finished ones for MinJobAge)."""
        out = self.run("squeue", "--states=all", "-h", "-o", "%i|%T|%k|%j").stdout
        return [
            dict(zip(("id", "state", "comment", "name"), line.split("|"), strict=True)) for line in out.splitlines()
        ]

    def job_details(self, job_id: str) -> dict:
        out = self.run("scontrol", "-o", "show", "job", job_id).stdout
        return dict(re.findall(r"(\w+)=(\S*)", out))

    def stop(self) -> None:
        if self.conf.exists() and shutil.which("scancel"):
            ids = [
                job["id"] for job in self.jobs() if job["state"] in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING")
            ]
            if ids:
                self.run("scancel", *ids)
                time.sleep(2)
        for name in ("slurmd", "slurmctld", "munged"):  # the reverse of the start order
            proc = self.daemons.get(name)
            if proc is None or proc.poll() is not None:
                continue
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        self.unlink_configless_dir()

    def diagnostics(self) -> str:
        logs = ["log/munged.out", "log/slurmctld.log", "log/slurmctld.out", "log/slurmd.log", "log/slurmd.out"]
        return "\n".join(f"--- {name}\n{tail(self.base / name)}" for name in logs)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    missing = [b for b in BINARIES if shutil.which(b) is None]
    if missing:
        skip_or_fail(f"SLURM/munge programs not installed ({', '.join(missing)}); apt-get install {PACKAGES}")
    if os.geteuid() != 0:
        skip_or_fail("the throw-away SLURM cluster runs slurmd as root (SlurmdUser=root); run the tests as root")
    if CONFIGLESS_DIR.is_symlink() and not CONFIGLESS_DIR.exists():
        CONFIGLESS_DIR.unlink()  # left dangling by an interrupted run of this test
    for existing in (SYSTEM_CONF, CONFIGLESS_DIR):
        if existing.exists() or existing.is_symlink():
            skip_or_fail(
                f"this machine has a SLURM configuration ({existing}); jobs would reach that cluster, not the test's"
            )
    available_mb = available_memory_mb()
    if available_mb < MIN_FREE_MB:
        skip_or_fail(f"only {available_mb} MB of memory free; the SLURM test needs {MIN_FREE_MB} MB")
    base = tmp_path_factory.mktemp("slurm")
    if len(str(base / "munge-socket" / "munge.socket")) > 100:
        base = Path(tempfile.mkdtemp(prefix="plantopics-slurm-"))  # unix socket paths are short
    slurm = LocalSlurm(base)
    try:
        slurm.start()
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        report = f"{error}\n{slurm.diagnostics()}"
        slurm.stop()
        skip_or_fail(f"could not start a local SLURM cluster here: {report}")
    yield slurm
    slurm.stop()


def copy_fixture(dest: Path) -> Path:
    shutil.copytree(FIXTURE_DIR / "config", dest / "config")
    shutil.copytree(FIXTURE_DIR / "data", dest / "data")
    return dest


def cluster_default_resources() -> list[str]:
    """The profile's default-resources adapted to this cluster: its partition,
    and no account (there is no accounting database, and plugin 2.8.0 declares
    --slurm-no-account but does not act on it, so the account must go from the
    list). On the command line, default-resources replaces the profile's whole
    block, so the rest of it is repeated from the profile."""
    defaults = yaml.safe_load((PROFILE / "config.yaml").read_text(encoding="utf-8"))["default-resources"]
    defaults = {key: value for key, value in defaults.items() if key != "slurm_account"}
    defaults["slurm_partition"] = PARTITION
    return [f"{key}={value}" for key, value in defaults.items()]


@dataclass
class SlurmRun:
    workdir: Path
    process: subprocess.CompletedProcess
    seconds: float

    @property
    def log(self) -> str:
        return self.process.stdout + self.process.stderr

    @property
    def run_id(self) -> str:
        return re.search(r"SLURM run ID: (\S+)", self.log).group(1)


@pytest.fixture(scope="module")
def runs(cluster, tmp_path_factory) -> tuple[SlurmRun, Path]:
    """The same targets on two copies of the fixture: through SLURM, and locally
    (the local run goes alongside; the SLURM run mostly waits on its jobs)."""
    local = copy_fixture(tmp_path_factory.mktemp("local"))
    with open(local / "snakemake.out", "w") as out:
        local_run = subprocess.Popen(
            [SNAKEMAKE, "--cores", "1", *TARGETS, "--directory", str(local)], cwd=ROOT, stdout=out, stderr=out
        )
    workdir = copy_fixture(tmp_path_factory.mktemp("on_slurm"))
    cmd = [
        SNAKEMAKE,
        *TARGETS,
        "--workflow-profile",
        "profiles/slurm",
        "--directory",
        str(workdir),
        # Overrides for this throw-away cluster only (see cluster_default_resources):
        "--default-resources",
        *cluster_default_resources(),
        "--slurm-no-account",
        "--slurm-status-command",
        "squeue",  # no accounting database, so no sacct
        # Test conveniences: poll soon (the jobs take seconds, not hours), keep
        # every job's SLURM log to inspect, and fail at once instead of retrying.
        "--slurm-init-seconds-before-status-checks",
        "2",
        "--slurm-keep-successful-logs",
        "--retries",
        "0",
    ]
    start = time.monotonic()
    try:
        process = subprocess.run(cmd, cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=900)
    finally:
        local_run.wait(timeout=900)
    run = SlurmRun(workdir, process, time.monotonic() - start)
    assert process.returncode == 0, f"{run.log[-6000:]}\n{cluster.diagnostics()}"
    assert local_run.returncode == 0, tail(local / "snakemake.out", 60)
    return run, local


@pytest.fixture(scope="module")
def slurm_run(runs) -> SlurmRun:
    return runs[0]


@pytest.fixture(scope="module")
def local_run(runs) -> Path:
    return runs[1]


def test_the_jobs_ran_as_slurm_jobs(cluster, slurm_run):
    jobs = [job for job in cluster.jobs() if job["name"] == slurm_run.run_id]
    assert sorted(job["comment"] for job in jobs) == sorted(f"rule_{rule}_wildcards_{DOC}" for rule in RULES), jobs
    assert {job["state"] for job in jobs} == {"COMPLETED"}, jobs
    for job in jobs:
        rule = job["comment"].removeprefix("rule_").removesuffix(f"_wildcards_{DOC}")
        log = slurm_run.workdir / ".snakemake" / "slurm_logs" / f"rule_{rule}" / DOC / f"{job['id']}.log"
        assert log.exists(), sorted(p.name for p in log.parents[2].rglob("*"))
        assert "100%" in log.read_text(errors="replace"), tail(log)  # "1 of 1 steps (100%) done"


def test_each_job_asked_slurm_for_what_its_rule_declares(cluster, slurm_run, tmp_path):
    declared = declared_rules(copy_fixture(tmp_path))
    jobs = [job for job in cluster.jobs() if job["name"] == slurm_run.run_id]
    assert len(jobs) == len(RULES), jobs
    for job in jobs:
        rule = job["comment"].removeprefix("rule_").removesuffix(f"_wildcards_{DOC}")
        details = cluster.job_details(job["id"])
        threads, resources = declared[rule]["threads"], declared[rule]["resources"]
        assert details["Partition"] == PARTITION and details["NumCPUs"] == str(threads), (rule, details)
        assert details["MinMemoryNode"] == f"{resources['mem_mb']}M", (rule, details["MinMemoryNode"])
        hours, minutes = divmod(resources["runtime"], 60)
        assert details["TimeLimit"] == f"{hours:02d}:{minutes:02d}:00", (rule, details["TimeLimit"])


def test_results_through_slurm_equal_the_local_run(slurm_run, local_run):
    on_slurm, local = slurm_run.workdir / "results" / DOC, local_run / "results" / DOC
    files = sorted(p.relative_to(local) for p in local.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(on_slurm) for p in on_slurm.rglob("*") if p.is_file())
    assert Path("structure/chapters.csv") in files and Path("tokens/sentences.csv") in files
    different = [str(f) for f in files if (on_slurm / f).read_bytes() != (local / f).read_bytes()]
    assert not different, f"differ between SLURM and local runs: {different}"
    chapters = (on_slurm / "structure" / "chapters.csv").read_text(encoding="utf-8").splitlines()
    assert len(chapters) == 1 + 4  # header and the fixture's four chapters
    print(f"fixture foundation stages through SLURM: {slurm_run.seconds:.1f} s")
