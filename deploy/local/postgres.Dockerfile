# A local stand-in for the public postgres:16 image, for machines that reach no image
# registry (`make compose-test`, docker-compose.local.yml): Debian's PostgreSQL 15 on a
# locally made base. It behaves as docker-compose.yml needs of postgres:16: POSTGRES_USER,
# POSTGRES_PASSWORD and POSTGRES_DB from the environment; on an empty data volume it
# initialises the cluster and runs /docker-entrypoint-initdb.d/*.sql (socket only, so the
# TCP health check fails until that is done); data in /var/lib/postgresql/data; pg_isready.
ARG BASE_IMAGE=nianlun-base:bookworm
FROM ${BASE_IMAGE}
LABEL nianlun.image=postgres-local

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8 \
    PGDATA=/var/lib/postgresql/data \
    PATH=/usr/lib/postgresql/15/bin:$PATH

# No cluster from the package: the entrypoint makes one on the volume.
RUN mkdir -p /etc/postgresql-common \
 && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf \
 && apt-get update \
 && apt-get install -y --no-install-recommends -o Dpkg::Options::=--force-confold postgresql-15 \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /var/lib/postgresql/data /run/postgresql /docker-entrypoint-initdb.d \
 && chown -R postgres:postgres /var/lib/postgresql /run/postgresql \
 && chmod 700 /var/lib/postgresql/data

COPY postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER postgres
VOLUME /var/lib/postgresql/data
EXPOSE 5432
# Fast shutdown, as the official image does.
STOPSIGNAL SIGINT
ENTRYPOINT ["sh", "/usr/local/bin/docker-entrypoint.sh"]
CMD ["postgres"]
