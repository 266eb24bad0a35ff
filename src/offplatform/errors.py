"""One error tree for the whole package.

    OffplatformError            exit code 1
     +-- ConfigError            exit code 2   (bad configuration or policy file)
     +-- InputError             exit code 3   (unreadable or malformed input)
"""

from __future__ import annotations


class OffplatformError(Exception):
    exit_code = 1


class ConfigError(OffplatformError, ValueError):
    exit_code = 2


class InputError(OffplatformError, ValueError):
    exit_code = 3
