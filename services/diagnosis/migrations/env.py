from services.common.migrations_env import run_migrations
from services.diagnosis.adapters.orm import metadata

run_migrations(metadata)
