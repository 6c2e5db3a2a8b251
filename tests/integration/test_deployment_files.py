"""The deployment files are checked without a Docker daemon: compose must parse and keep
the promises the operators rely on; the gateway configuration must satisfy nginx."""

import fnmatch
import importlib.util
import re
import shutil
import subprocess
import tomllib

import pytest
import yaml

from launcher.gateway import write_config
from services import SERVICES
from services.common.settings import PROJECT_ROOT
from services.reporting.settings import reporting_settings


@pytest.fixture(scope="module")
def compose():
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose is not installed (make system-deps)")
    result = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def test_workers_scale_and_outlive_their_longest_render(compose):
    worker = compose["worker"]
    assert "container_name" not in worker
    grace_seconds = int(worker["stop_grace_period"].rstrip("s"))
    assert grace_seconds > reporting_settings().render_time_limit


def test_redis_keeps_an_append_only_file_and_never_evicts(compose):
    command = " ".join(compose["redis"]["command"])
    assert "--appendonly yes" in command and "--maxmemory-policy noeviction" in command


def test_services_wait_for_health_and_migrations(compose):
    for service in SERVICES:
        assert compose[service]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert "healthcheck" in compose[service]
    assert compose["postgres"]["healthcheck"] and compose["flower"]


def test_the_gateway_configuration_satisfies_nginx(tmp_path):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (make system-deps)")
    config = write_config(tmp_path, "127.0.0.1:18999", {s: f"127.0.0.1:{18000 + i}" for i, s in enumerate(SERVICES)})
    result = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_make_compose_test_runs_a_harness_that_pytest_does_not_collect():
    recipe = re.search(r"^compose-test:.*\n((?:\t.*\n)+)", (PROJECT_ROOT / "Makefile").read_text(), re.M).group(1)
    module = re.search(r"\$\(PY\) -m (\S+)", recipe).group(1)
    assert importlib.util.find_spec(module) is not None, module
    pytest_options = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    patterns = pytest_options["python_files"]
    assert not any(fnmatch.fnmatch(module.rsplit(".", 1)[-1] + ".py", pattern) for pattern in patterns)
