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


class OutputError(RedactorError):
    exit_code = ExitCode.OUTPUT_FAILED
    code = "output"


class MissingDependencyError(RedactorError):
    exit_code = ExitCode.MISSING_DEPENDENCY
    code = "missing_dependency"
