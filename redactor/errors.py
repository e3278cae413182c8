"""Exit codes and the errors that map to them. ``api`` raises these; only ``cli`` exits."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    INTERNAL = 1  # a bug: please report it
    USAGE = 2  # bad command line (click uses 2 too)
    INPUT_FAILED = 3  # one or more input files could not be read; the others were processed
    OUTPUT_FAILED = 4  # an output could not be written (disk full, permissions, ...)
    MISSING_DEPENDENCY = 5  # a model or optional package is not installed; nothing was done
    VERIFY_FAILED = 6  # redactor verify: a page still shows or holds the applicant
    INTERRUPTED = 130  # Ctrl-C


# Which failure a run's exit code reports when files failed in different ways: the most severe
# first (a bug must not be hidden by a corrupt file elsewhere), not the largest number.
SEVERITY = (
    ExitCode.INTERNAL,
    ExitCode.MISSING_DEPENDENCY,
    ExitCode.OUTPUT_FAILED,
    # mask: a page it could not cover (the self-check still finds a target on its output).
    ExitCode.VERIFY_FAILED,
    ExitCode.INPUT_FAILED,
    ExitCode.USAGE,
    ExitCode.OK,
)


def most_severe(*codes: int) -> ExitCode:
    """The most severe of ``codes`` by ``SEVERITY`` (OK when there are none)."""
    rank = {code: i for i, code in enumerate(SEVERITY)}
    return min((ExitCode(c) for c in codes), key=lambda c: rank.get(c, 0), default=ExitCode.OK)


class RedactorError(Exception):
    """Base of every error redactor reports to the user as one line."""

    exit_code = ExitCode.INTERNAL
    code = "internal"


class UsageError(RedactorError):
    exit_code = ExitCode.USAGE
    code = "usage"


class InputError(RedactorError):
    """This file cannot be processed; the batch goes on."""

    exit_code = ExitCode.INPUT_FAILED
    code = "input"


class CorruptInputError(InputError):
    code = "corrupt"


class EncryptedInputError(InputError):
    code = "encrypted"


class EmptyInputError(InputError):
    code = "empty"


class UnsupportedInputError(InputError):
    code = "unsupported"


class TooLargeInputError(InputError):
    code = "too_large"


class SkippedInputError(InputError):
    """An entry found in an input folder that is never opened: a FIFO, socket or device, a
    symbolic link that loops or points nowhere, a folder reached a second time through a link."""

    code = "skipped"


class TooSmallInputError(InputError):
    """An image too thin to hold readable text (a 1 x 5000 rule): nothing on it can be checked."""

    code = "too_small"


class OutputError(RedactorError):
    exit_code = ExitCode.OUTPUT_FAILED
    code = "output"


class MissingDependencyError(RedactorError):
    exit_code = ExitCode.MISSING_DEPENDENCY
    code = "missing_dependency"
