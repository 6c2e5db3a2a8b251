-- One database per service (each service owns its data; none reads another's tables).
-- Run by the postgres image's entrypoint as POSTGRES_USER (nianlun), which therefore owns
-- them, and only when the data volume is empty: on an existing volume create them by hand.
-- The tables come from the Alembic migrations (`migrate` in docker-compose.yml).
CREATE DATABASE registration;
CREATE DATABASE diagnosis;
CREATE DATABASE reporting;
