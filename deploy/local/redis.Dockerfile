# A local stand-in for the public redis:7 image, for machines that reach no image registry
# (`make compose-test`, docker-compose.local.yml): Debian's redis-server (7.0) on a locally
# made base, run as `redis` in /data, so the command line of docker-compose.yml works as is
# (its append-only files land in the /data volume); redis-cli for the health check.
ARG BASE_IMAGE=nianlun-base:bookworm
FROM ${BASE_IMAGE}
LABEL nianlun.image=redis-local

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8
RUN apt-get update \
 && apt-get install -y --no-install-recommends redis-server \
 && apt-get clean && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data

COPY redis-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
USER redis
WORKDIR /data
VOLUME /data
EXPOSE 6379
ENTRYPOINT ["sh", "/usr/local/bin/docker-entrypoint.sh"]
CMD ["redis-server"]
