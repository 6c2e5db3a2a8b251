from services.common.migrations_env import run_migrations
from services.registration.adapters.orm import metadata

run_migrations(metadata)
