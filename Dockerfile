# One image for every Nianlun process: the three Flask services (gunicorn), their event
# processes (outbox relay + consumers), the Celery report worker, flower, the one-off
# migrations and the nginx gateway. docker-compose.yml picks the command for each.
#
# BASE_IMAGE may be replaced by a locally made Debian root (debootstrap + `docker import`)
# that already has python3, python3-venv and the machine's CA bundle: the steps below
# only assume Debian's apt and a `python3` with the venv module.
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}
LABEL nianlun.image=app

# nginx-light is Debian bookworm's small nginx; on a release without it pass NGINX_PACKAGE=nginx.
ARG NGINX_PACKAGE=nginx-light

ENV DEBIAN_FRONTEND=noninteractive \
    LANG=C.UTF-8 \
    LC_ALL=C.UTF-8

# System packages: the CJK fonts (Typst and matplotlib find them on the system), nginx for
# the gateway, curl for health checks.
# ca-certificates is deliberately not listed: reinstalling it would regenerate the bundle of
# a locally made base image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
        ${NGINX_PACKAGE} \
        fonts-noto-cjk \
        redis-tools \
        curl \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*

# The Python environment.
ENV VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python3 -m venv /opt/venv

WORKDIR /app

# Dependencies first, the pinned runtime versions (their own layer, rebuilt only when the
# lock file changes; `make lock` makes it from pyproject.toml).
COPY requirements/main.txt requirements/main.txt
RUN pip install -r requirements/main.txt

# Then the project itself, its dependencies already there.
COPY . .
# The pages' translations are compiled here: at run time /app is read-only to the processes,
# and a page without its .mo catalog falls back to the English source strings.
RUN pip install --no-deps . \
 && rm -rf build ./*.egg-info \
 && python -c "from pathlib import Path; from services.common.catalogs import compile_catalogs; \
[compile_catalogs(d) for d in Path('services').glob('**/translations')]" \
 && test -n "$(find services -name '*.mo')" \
 && python -m compileall -q services launcher

# The code runs from /app, not from the copy `pip install .` put in site-packages: the
# settings derive PROJECT_ROOT from the module's path (gateway/nginx.conf.template, the
# Alembic migrations), and the installed wheel carries no non-Python files (report.typ,
# script.py.mako). PYTHONPATH puts /app first on sys.path for every process.
ENV PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    NIANLUN_VAR_DIR=/data/var \
    REPORTS_DIR=/data/reports

# An unprivileged user; /app stays root-owned and read-only to it. /data/reports is where
# compose mounts the reports volume shared by the reporting service and the workers (a new
# named volume takes this directory's owner). No secrets are baked in: everything
# comes from the environment at run time.
RUN groupadd --system nianlun \
 && useradd --system --gid nianlun --create-home --home-dir /home/nianlun \
        --shell /usr/sbin/nologin nianlun \
 && mkdir -p /data/reports /data/var \
 && chown -R nianlun:nianlun /data
USER nianlun

# 8000: a Flask service (gunicorn); 8080: the gateway (nginx); 5555: flower.
EXPOSE 8000 8080 5555

# Compose sets the command of each process; alone, the image runs the registration service.
CMD ["python", "-m", "gunicorn", "--bind", "0.0.0.0:8000", "--workers", "2", \
     "--access-logfile", "-", "--logger-class", "services.common.logs.AccessLogger", "--graceful-timeout", "10", \
     "services.registration.entrypoints.http:create_app()"]
