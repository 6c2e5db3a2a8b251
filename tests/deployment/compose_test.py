"""`make compose-test` (`python -m tests.deployment.compose_test`): the docker compose deployment
built and run for real, then removed. Not a pytest file: pytest collects only test_*.py.

Steps, each timed:
  1. tools     Debian's docker.io, debootstrap and docker-compose are there (`make compose-test`
               installs them first: scripts/system-deps.sh --compose);
  2. daemon    a running Docker engine, or dockerd started in the background (log under
               var/compose-test/) and stopped again at the end;
  3. base      the local base image nianlun-base:bookworm, made once: a debootstrap root with
               python3, python3-venv and this machine's CA certificates, `docker import`ed
               (skipped while the image exists);
  4. build     the Nianlun image and the local PostgreSQL and Redis stand-ins
               (docker-compose.local.yml), on that base: no image registry is needed;
  5. up        `docker-compose up -d --scale worker=3` under a project name of its own, the
               gateway and Flower on free loopback ports; wait until every service is healthy;
  6. workshop  a small workshop through the gateway (the simulator's driver, as `make demo`):
               organisations register, answer and submit; render all;
  7. scale     while rendering, the workers go from 3 to 1 (a warm shutdown: running renders finish);
  8. reports   every organisation's report must end `ready` (n of N ready is printed), the
               summary too, a PDF is downloaded; Flower must answer; the dead letters are listed;
  9. down      `docker-compose down -v`, always, and no container, volume or network of the
               project may remain.

Exit status 0 when all passed. COMPOSE_TEST_ORGANISATIONS (6) sets the workshop's size,
COMPOSE_TEST_BASE_IMAGE (nianlun-base:bookworm) the base, DEBIAN_MIRROR the debootstrap mirror.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from launcher.organiser import script_arguments, script_environment, token_printed
from launcher.ports import free_port
from services import SERVICES
from services.common.settings import PROJECT_ROOT
from simulator.driver import Api, render_all, run_workshop

STATE_DIR = PROJECT_ROOT / "var" / "compose-test"
BASE_IMAGE = os.environ.get("COMPOSE_TEST_BASE_IMAGE", "nianlun-base:bookworm")
APP_IMAGE = "nianlun:compose-test"
DEBIAN_MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")
ORGANISATIONS = int(os.environ.get("COMPOSE_TEST_ORGANISATIONS", 6))
WORKERS_FIRST, WORKERS_THEN = 3, 1
COMPOSE_FILES = ("docker-compose.yml", "docker-compose.local.yml")
# The base's packages: what the Dockerfile and the stand-ins assume of a base image.
BASE_PACKAGES = ("python3", "python3-venv", "ca-certificates")
MIN_FREE_BYTES = 4 * 1024**3  # the root (≈ 0.3 GB) and the images (≈ 1.5 GB) with room to spare


class Failure(RuntimeError):
    pass


def log(message: str) -> None:
    print(f"[compose-test] {message}", flush=True)


class Timings:
    def __init__(self) -> None:
        self.steps: list[tuple[str, float, str]] = []

    @contextlib.contextmanager
    def step(self, name: str):
        log(f"── {name}")
        started = time.monotonic()
        outcome = "failed"
        try:
            yield
            outcome = "ok"
        finally:
            elapsed = time.monotonic() - started
            self.steps.append((name, elapsed, outcome))
            log(f"   {name}: {outcome} in {elapsed:.1f} s")

    def summary(self) -> None:
        log("timings:")
        for name, elapsed, outcome in self.steps:
            log(f"   {name:<10} {elapsed:7.1f} s  {outcome}")
        log(f"   {'total':<10} {sum(e for _n, e, _o in self.steps):7.1f} s")


def run(
    command: list[str],
    *,
    env: dict | None = None,
    output: Path | None = None,
    check: bool = True,
    capture: bool = False,
    timeout: float | None = None,
    input: bytes | None = None,
) -> subprocess.CompletedProcess:
    """Run a command; with `output`, its stdout and stderr are appended to that file and the
    file's tail is shown when it fails."""
    if output is not None:
        with output.open("ab") as sink:
            sink.write(f"\n$ {' '.join(command)}\n".encode())
            sink.flush()
            result = subprocess.run(
                command, env=env, stdout=sink, stderr=subprocess.STDOUT, timeout=timeout, input=input, cwd=PROJECT_ROOT
            )
    else:
        result = subprocess.run(
            command, env=env, capture_output=capture, timeout=timeout, input=input, cwd=PROJECT_ROOT
        )
    if check and result.returncode != 0:
        detail = ""
        if output is not None:
            detail = "\n" + "\n".join(output.read_text(errors="replace").splitlines()[-40:])
            detail += f"\n(whole output: {output})"
        elif capture:
            detail = (
                "\n"
                + (result.stdout or b"").decode(errors="replace")[-3000:]
                + (result.stderr or b"").decode(errors="replace")[-3000:]
            )
        raise Failure(f"`{' '.join(command)}` exited with {result.returncode}{detail}")
    return result


# --- 1. tools -------------------------------------------------------------------------------


def ensure_tools() -> None:
    wanted = ("dockerd", "debootstrap", "docker-compose")
    missing = [tool for tool in wanted if shutil.which(tool) is None and not Path("/usr/sbin", tool).exists()]
    if missing:
        raise Failure(f"missing: {' '.join(missing)}; run: bash scripts/system-deps.sh --compose")
    log(f"   {', '.join(wanted)} are installed")


# --- 2. the daemon ---------------------------------------------------------------------------


def docker_answers() -> bool:
    return (
        subprocess.run(["docker", "info"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30).returncode
        == 0
    )


def ensure_daemon() -> subprocess.Popen | None:
    """The Popen of the dockerd this started, or None when one was already running."""
    if docker_answers():
        log("   a Docker engine is already running: it is left running at the end")
        return None
    if os.geteuid() != 0:
        raise Failure("no Docker engine answers, and starting dockerd needs root")
    dockerd = shutil.which("dockerd") or "/usr/sbin/dockerd"
    daemon_log = STATE_DIR / "dockerd.log"
    log(f"   starting {dockerd} in the background (log: {daemon_log})")
    # The defaults work here: overlay2 storage, bridge networks with iptables NAT (the builds
    # reach Debian's mirror and PyPI through it), a containerd of its own.
    process = subprocess.Popen(
        [dockerd],
        stdout=daemon_log.open("ab"),
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Failure(f"dockerd exited with {process.returncode}; see {daemon_log}")
        if docker_answers():
            return process
        time.sleep(0.5)
    stop_daemon(process)
    raise Failure(f"dockerd did not answer within 60 s; see {daemon_log}")


def stop_daemon(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()  # dockerd stops its containerd and any container left
    try:
        process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


# --- 3. the local base image -------------------------------------------------------------------


def image_exists(image: str) -> bool:
    return (
        subprocess.run(
            ["docker", "image", "inspect", image], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ).returncode
        == 0
    )


def ensure_base_image() -> None:
    if image_exists(BASE_IMAGE):
        log(f"   {BASE_IMAGE} exists (cached): not remade")
        return
    if os.geteuid() != 0:
        raise Failure(f"making {BASE_IMAGE} with debootstrap needs root")
    free = shutil.disk_usage(STATE_DIR).free
    if free < MIN_FREE_BYTES:
        raise Failure(f"only {free / 1024**3:.1f} GB free under {STATE_DIR}: the base and the images need 4 GB")
    root = STATE_DIR / "rootfs"
    if root.exists():  # a run that was interrupted
        shutil.rmtree(root)
    output = STATE_DIR / "debootstrap.log"
    log(f"   debootstrap bookworm from {DEBIAN_MIRROR} into {root} (log: {output})")
    run(
        [
            "debootstrap",
            "--variant=minbase",
            f"--include={','.join(BASE_PACKAGES)}",
            "bookworm",
            str(root),
            DEBIAN_MIRROR,
        ],
        output=output,
    )
    try:
        _adapt_root(root, output)
        log(f"   docker import → {BASE_IMAGE}")
        tar = subprocess.Popen(["tar", "-C", str(root), "--numeric-owner", "-c", "."], stdout=subprocess.PIPE)
        imported = subprocess.run(["docker", "import", "-", BASE_IMAGE], stdin=tar.stdout, capture_output=True)
        tar.stdout.close()
        if tar.wait() != 0 or imported.returncode != 0:
            raise Failure(f"docker import failed: {imported.stderr.decode(errors='replace')}")
    finally:
        shutil.rmtree(root, ignore_errors=True)  # the image is the cache


def _adapt_root(root: Path, output: Path) -> None:
    """What the base needs to reach the same mirrors as this machine from inside a build: its
    extra CA certificates (a TLS-inspecting egress proxy, say: public certificates, no secret),
    pip told to use the system bundle, and apt told not to refuse a mirror's older Release file."""
    extra = sorted(Path("/usr/local/share/ca-certificates").glob("**/*.crt"))
    if extra:
        target = root / "usr/local/share/ca-certificates"
        target.mkdir(parents=True, exist_ok=True)
        for certificate in extra:
            shutil.copy2(certificate, target / certificate.name)
        run(["chroot", str(root), "update-ca-certificates"], output=output)
    (root / "etc/pip.conf").write_text("[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n")
    (root / "etc/apt/apt.conf.d/99nianlun-local-base").write_text('Acquire::Check-Valid-Until "false";\n')
    run(["chroot", str(root), "apt-get", "clean"], output=output)
    shutil.rmtree(root / "var/lib/apt/lists", ignore_errors=True)
    (root / "var/lib/apt/lists/partial").mkdir(parents=True)


# --- 4.–9. the stack -----------------------------------------------------------------------------


class Stack:
    def __init__(self) -> None:
        self.project = f"nianlunct{uuid.uuid4().hex[:8]}"
        self.gateway_port = free_port()
        self.flower_port = free_port()
        while self.flower_port == self.gateway_port:
            self.flower_port = free_port()
        self.base = f"http://127.0.0.1:{self.gateway_port}"
        self.environment = dict(
            os.environ,
            BASE_IMAGE=BASE_IMAGE,
            NIANLUN_IMAGE=APP_IMAGE,
            GATEWAY_BIND="127.0.0.1",
            GATEWAY_PORT=str(self.gateway_port),
            FLOWER_PORT=str(self.flower_port),
            COMPOSE_HTTP_TIMEOUT="300",
            COMPOSE_DOCKER_CLI_BUILD="0",
            DOCKER_BUILDKIT="0",
        )
        self.build_log = STATE_DIR / "build.log"
        self.stack_log = STATE_DIR / f"{self.project}.log"
        self.worker_log = STATE_DIR / f"{self.project}-workers.log"
        self.follower: subprocess.Popen | None = None
        self.scaling: subprocess.Popen | None = None
        self.account_token = ""

    def compose_command(self, *arguments: str) -> list[str]:
        files = [part for name in COMPOSE_FILES for part in ("-f", name)]
        return ["docker-compose", "-p", self.project, *files, *arguments]

    def compose(self, *arguments: str, **options) -> subprocess.CompletedProcess:
        return run(self.compose_command(*arguments), env=self.environment, **options)

    def compose_in_background(self, *arguments: str, output: Path) -> subprocess.Popen:
        return subprocess.Popen(
            self.compose_command(*arguments),
            env=self.environment,
            stdout=output.open("ab"),
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            cwd=PROJECT_ROOT,
        )

    def build(self) -> None:
        self.build_log.write_text("")
        log(f"   building {APP_IMAGE}, the PostgreSQL and Redis stand-ins on {BASE_IMAGE} (log: {self.build_log})")
        # One service per image: every Nianlun service shares the image `migrate` builds.
        self.compose("build", "postgres", "redis", "migrate", output=self.build_log)
        # The images these builds replaced, and their layers (only ours: by label).
        run(["docker", "image", "prune", "-f", "--filter", "label=nianlun.image"], output=self.build_log)

    def up(self) -> None:
        log(f"   project {self.project}: gateway {self.base}, Flower http://127.0.0.1:{self.flower_port}")
        self.compose("up", "-d", "--no-build", "--scale", f"worker={WORKERS_FIRST}", output=self.stack_log)
        migrate = self.container_ids("migrate", all_states=True)
        codes = [self.inspect(c, "{{.State.ExitCode}}") for c in migrate]
        if codes != ["0"]:
            raise Failure(f"the migrate container should have run once and exited 0: {codes}")
        log("   migrations ran once (migrate exited 0)")
        # The workers' output, kept also for the replicas that scaling down removes.
        self.follower = self.compose_in_background(
            "logs", "-f", "--no-color", "--timestamps", "worker", output=self.worker_log
        )

    def wait_healthy(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        urls = [f"{self.base}/healthz"] + [f"{self.base}/{s}/healthz" for s in SERVICES]
        last = ""
        while time.monotonic() < deadline:
            try:
                answers = [requests.get(url, timeout=3) for url in urls]
                if all(a.ok for a in answers):
                    log(f"   healthy: gateway and {', '.join(SERVICES)}")
                    return
                last = "; ".join(f"{u} → {a.status_code}" for u, a in zip(urls, answers, strict=False) if not a.ok)
            except requests.RequestException as error:
                last = str(error)
            time.sleep(1)
        raise Failure(f"not healthy within {timeout:.0f} s: {last}")

    def container_ids(self, service: str, all_states: bool = False) -> list[str]:
        arguments = [
            "docker",
            "ps",
            "-q",
            "--filter",
            f"label=com.docker.compose.project={self.project}",
            "--filter",
            f"label=com.docker.compose.service={service}",
        ]
        if all_states:
            arguments.append("-a")
        return run(arguments, capture=True).stdout.decode().split()

    def inspect(self, container: str, template: str) -> str:
        return run(["docker", "inspect", "-f", template, container], capture=True).stdout.decode().strip()

    def scale_workers(self, count: int) -> subprocess.Popen:
        """Started, not waited for: the replicas that go finish their renders (stop_grace_period)."""
        self.scaling = self.compose_in_background(
            "up",
            "-d",
            "--no-build",
            "--no-recreate",
            "--no-deps",
            "--scale",
            f"worker={count}",
            "worker",
            output=self.stack_log,
        )
        return self.scaling

    def make_organiser(self) -> None:
        """The first organiser, made as the README says: `launcher.organiser` inside the
        registration container; its API token drives the workshop, as a facilitator's pages would."""
        password = [part for name, value in script_environment().items() for part in ("-e", f"{name}={value}")]
        done = self.compose("exec", "-T", *password, "registration", "python", *script_arguments(), capture=True)
        self.account_token = token_printed(done.stdout.decode(errors="replace"))
        log("   organiser made in the registration container; its API token drives the workshop")

    def drive_workshop(self) -> None:
        api = Api(self.base, self.account_token)
        shown: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if shown.get(stage) != done:
                shown[stage] = done
                log(f"   {stage}: {done} of {total}")

        started = time.monotonic()
        self.workshop = run_workshop(
            api, size=ORGANISATIONS, seed=2024, title_zh="容器部署检验工作坊", on_progress=progress
        )
        log(
            f"   workshop {self.workshop.code}: {ORGANISATIONS} organisations registered and submitted "
            f"in {time.monotonic() - started:.1f} s"
        )

    def render_while_scaling(self, timeout: float = 420) -> dict:
        """Render all; as soon as rendering is under way, scale the workers down; wait until every
        report is settled (the driver's render_all, reports following their cohort by themselves)."""
        api = Api(self.base, self.account_token)
        token = self.workshop.facilitator_token
        scaling: dict[str, object] = {}
        shown = [-1]

        def progress(_stage: str, done: int, total: int) -> None:
            if "process" not in scaling:
                state = api.call("GET", f"/reporting/workshops/{self.workshop.id}/progress", token=token).json()
                log(f"   rendering under way ({state['counts']}): scaling workers {WORKERS_FIRST} → {WORKERS_THEN}")
                scaling["process"] = self.scale_workers(WORKERS_THEN)
                scaling["started"] = time.monotonic()
            if done != shown[0]:
                shown[0] = done
                log(f"   {done} of {ORGANISATIONS} ready")

        result = render_all(api, self.workshop, timeout=timeout, on_progress=progress)
        process: subprocess.Popen = scaling["process"]  # type: ignore[assignment]
        try:
            code = process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            process.kill()
            raise Failure("scaling the workers down did not finish within 120 s") from None
        if code != 0:
            raise Failure(f"scaling the workers down exited with {code}; see {self.stack_log}")
        elapsed = time.monotonic() - scaling["started"]
        if elapsed >= 60:
            raise Failure(f"scaling down took {elapsed:.0f} s: a replica outlived the 60 s grace period (killed)")
        time.sleep(1)  # the follower's last lines
        warm = [
            line.split("|")[0].strip()
            for line in self.worker_log.read_text(errors="replace").splitlines()
            if "Warm shutdown" in line
        ]
        log(
            f"   scale-down finished {elapsed:.1f} s after it began, within the grace period; "
            f"warm shutdowns logged by: {', '.join(sorted(set(warm))) or 'none'}"
        )
        return result

    def check_reports(self, result: dict) -> None:
        api = Api(self.base, self.account_token)
        token = self.workshop.facilitator_token
        if result["failures"] or result["ready"] != ORGANISATIONS or result["total"] != ORGANISATIONS:
            raise Failure(f"not every report is ready: {result}")
        summary = result.get("summary") or {}
        if summary.get("state") != "ready":
            raise Failure(f"the workshop summary is not ready: {summary}")
        pdf = b""
        for organisation in self.workshop.organisations:
            reports = api.call("GET", f"/reporting/organisations/{organisation['id']}/reports", token=token).json()
            unsettled = [r["state"] for r in reports if r["state"] not in ("ready", "superseded")]
            ready = [r for r in reports if r["state"] == "ready" and r["language"] == "zh"]
            if unsettled or not ready:
                raise Failure(f"{organisation['name_zh']}: reports {[r['state'] for r in reports]}")
            if not pdf:
                pdf = api.call("GET", f"/reporting/reports/{ready[-1]['id']}/pdf", token=token).content
        if not pdf.startswith(b"%PDF"):
            raise Failure("a ready report's PDF is not a PDF")
        log(
            f"   every report ready: {ORGANISATIONS} of {ORGANISATIONS}, the summary too; "
            f"a PDF of {len(pdf) // 1024} KiB downloaded through the gateway"
        )
        workers = self.container_ids("worker")
        if len(workers) != WORKERS_THEN:
            raise Failure(f"{len(workers)} worker containers run, {WORKERS_THEN} expected")
        log(f"   {len(workers)} worker container left running, as scaled")

    def check_operators_tools(self) -> None:
        flower = f"http://127.0.0.1:{self.flower_port}"
        health = requests.get(f"{flower}/healthcheck", timeout=10)
        page = requests.get(f"{flower}/workers", timeout=10)
        if health.text.strip() != "OK" or not page.ok:
            raise Failure(
                f"Flower does not answer: /healthcheck {health.status_code} {health.text[:80]!r}, "
                f"/workers {page.status_code}"
            )
        log(f"   Flower answers at {flower} (/healthcheck OK, /workers {page.status_code})")
        listed = self.compose(
            "exec", "-T", "reporting-events", "python", "-m", "launcher.deadletters", capture=True
        ).stdout.decode()
        for line in listed.splitlines():
            if line.startswith("nianlun:deadletter:"):
                log(f"   dead letters: {line}")

    def down(self) -> None:
        for process in (self.scaling, self.follower):  # interrupted on the way: `down` removes all
            if process is not None and process.poll() is None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(10)
        with contextlib.suppress(Exception):
            self.compose("logs", "--no-color", "--timestamps", output=self.stack_log, check=False, timeout=120)
        self.compose("down", "-v", "--remove-orphans", output=self.stack_log, check=False, timeout=300)
        label = f"label=com.docker.compose.project={self.project}"
        left = {
            kind: run(
                ["docker", kind, "ls", "-q", "--filter", label]
                if kind != "container"
                else ["docker", "ps", "-aq", "--filter", label],
                capture=True,
            )
            .stdout.decode()
            .split()
            for kind in ("container", "volume", "network")
        }
        if any(left.values()):
            for container in left["container"]:
                run(["docker", "rm", "-f", "-v", container], check=False, capture=True)
            for volume in left["volume"]:
                run(["docker", "volume", "rm", "-f", volume], check=False, capture=True)
            for network in left["network"]:
                run(["docker", "network", "rm", network], check=False, capture=True)
            raise Failure(f"`docker-compose down -v` left {left} (now removed by force)")
        log(f"   nothing of {self.project} remains (containers, volumes, networks); its log: {self.stack_log}")


def _interrupted(_signal, _frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    STATE_DIR.mkdir(parents=True, exist_ok=True)
    # make's Ctrl-C or a CI timeout: tear down all the same.
    signal.signal(signal.SIGTERM, _interrupted)
    timings = Timings()
    daemon: subprocess.Popen | None = None
    stack: Stack | None = None
    stack_started = False
    failure: BaseException | None = None
    try:
        with timings.step("tools"):
            ensure_tools()
        with timings.step("daemon"):
            daemon = ensure_daemon()
        with timings.step("base"):
            ensure_base_image()
        stack = Stack()
        with timings.step("build"):
            stack.build()
        stack_started = True
        with timings.step("up"):
            stack.up()
            stack.wait_healthy()
        with timings.step("organiser"):
            stack.make_organiser()
        with timings.step("workshop"):
            stack.drive_workshop()
        with timings.step("render"):
            result = stack.render_while_scaling()
        with timings.step("check"):
            stack.check_reports(result)
            stack.check_operators_tools()
    except (Failure, Exception, KeyboardInterrupt) as error:
        failure = error
    finally:
        if stack is not None and stack_started:
            try:
                with timings.step("down"):
                    stack.down()
            except Exception as error:  # noqa: BLE001 — reported below, with the first failure
                failure = failure or error
        if daemon is not None:
            with timings.step("daemon-off"):
                log("   stopping the dockerd this run started")
                stop_daemon(daemon)
        timings.summary()
    if failure is not None:
        if isinstance(failure, KeyboardInterrupt):
            log("FAILED: interrupted")
        else:
            kind = "" if isinstance(failure, Failure) else f"{type(failure).__name__}: "
            log(f"FAILED: {kind}{failure}")
        return 1
    log(
        f"PASSED: {ORGANISATIONS} organisations through the gateway, workers scaled "
        f"{WORKERS_FIRST} → {WORKERS_THEN} while rendering, every report ready, all torn down"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
