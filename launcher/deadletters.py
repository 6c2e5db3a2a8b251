"""`make dead-letters`: what each consumer group gave up on, newest first, with the error."""

from __future__ import annotations

from services.common.bus import dead_letter_stream, list_dead_letters
from services.common.redis_client import connect_redis
from services.common.settings import load_settings

CONSUMER_GROUPS = ("diagnosis", "reporting")


def main() -> None:
    settings = load_settings("reporting")
    client = connect_redis(settings.events_redis_url)
    for group in CONSUMER_GROUPS:
        entries = list_dead_letters(client, group)
        print(f"{dead_letter_stream(group)}: {len(entries)} shown (newest first)")
        for entry in entries:
            print(
                f"  {entry['time']}  {entry['stream']} {entry['entry_id']}  "
                f"deliveries={entry['deliveries']}\n    error: {entry['error']}\n    envelope: {entry['envelope'][:300]}"
            )


if __name__ == "__main__":
    main()
