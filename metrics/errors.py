"""Errors the library raises on purpose; each carries a one-line reason for the user."""


class CivicMetricsError(Exception):
    """Base class: the message is a complete one-line explanation."""


class SkipDocument(CivicMetricsError):
    """A file that cannot be read as an article (empty, binary, undecodable, too big...)."""


class UsageError(CivicMetricsError):
    """Bad arguments: the CLI exits with status 2."""


class RequestTooLarge(CivicMetricsError):
    """A request asks for more than the interface can send (e.g. a grid filter with 20,000 conditions)."""
