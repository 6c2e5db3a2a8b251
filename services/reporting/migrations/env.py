from services.common.migrations_env import run_migrations
from services.reporting.adapters.orm import metadata

run_migrations(metadata)
