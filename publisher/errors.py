"""Errors that stop a command: printed as one line on stderr, exit code 2.

Bad *content* is never an exception: it is a diagnostic. These are for bad *usage* (a missing
project folder, an unknown option value) and for failures the tool cannot report at a line.

    PublisherError
     ├── UsageError       the command line or the project layout is wrong
     └── FixError         fixes did not converge; nothing was written
"""


class PublisherError(Exception):
    """Base of every error the CLI turns into one stderr line and exit code 2."""


class UsageError(PublisherError):
    pass


class FixError(PublisherError):
    pass
