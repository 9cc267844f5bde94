"""The one error type the store raises for things a user can act on."""


class StoreError(Exception):
    """A problem with the database a user can fix; the message is one sentence saying how."""
