#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import signal
import sys


def _exit_on_signal(signum, frame):
    # Exit through SystemExit so that atexit handlers run: the last process attached to
    # the embedded PostgreSQL server (socialeconomy/embedded_db.py) stops it.
    sys.exit(128 + signum)


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialeconomy.settings")
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _exit_on_signal)
    from django.core.management import execute_from_command_line

    from socialeconomy.embedded_db import NoEmbeddedServer

    try:
        execute_from_command_line(sys.argv)
    except NoEmbeddedServer as exc:
        sys.exit(f"Error: {exc}")


if __name__ == "__main__":
    main()
