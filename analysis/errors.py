"""The one error type a user can cause, and its kinds.

Every mistake a user can make (bad data, a bad descriptor, a wrong path or parameter, a broken
notebook, a bad archive, a faulty environment such as a full disk) raises a ``UserError``. The
command line catches that one class, prints its message (one line, or one line per problem) and
exits with status 2. Anything else that escapes is a bug in the package and keeps its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem with what the user gave or where the package runs, not a bug.

    ``code`` names the kind of problem, for scripts that read the message.
    """

    code = "user"


class DataError(UserError):
    """The data package does not satisfy its contract."""

    code = "data"


class DescriptorError(UserError):
    """``datapackage.json`` cannot be read as a data package."""

    code = "descriptor"


class PathError(UserError):
    """A file or folder the user named is missing, of the wrong kind, or outside where it must be."""

    code = "path"


class ParameterError(UserError):
    """A command-line option or notebook parameter has a value the package cannot use."""

    code = "parameter"


class NotebookError(UserError):
    """A notebook cannot be read or run."""

    code = "notebook"


class ArchiveError(UserError):
    """An archive (such as a REFI-QDA project) is malformed, too large or too deep."""

    code = "archive"


class EnvironmentFault(UserError):
    """The machine refused: a full disk, an I/O error, a permission, another build holding the lock."""

    code = "environment"


def os_fault(error: OSError, doing: str) -> EnvironmentFault:
    """An ``OSError`` as a one-line fault: what was being done, and what the system said."""
    where = f" ({error.filename})" if error.filename else ""
    return EnvironmentFault(f"{doing}: {error.strerror or error}{where}")
