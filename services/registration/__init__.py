"""Registration: workshops and the organisations that sign up for them."""

SERVICE = "registration"
