"""What all three services share: settings, database plumbing, the event bus, HTTP errors,
logging. Nothing domain-specific lives here."""
