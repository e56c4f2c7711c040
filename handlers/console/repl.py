"""The terminal loop: a prompt when a person is typing, plain lines when stdin is piped."""

from __future__ import annotations

import sys
from typing import TextIO

from handlers.console.session import ConsoleSession


def run(session: ConsoleSession, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    interactive = stdin.isatty()
    stdout.write(session.start() + "\n")
    while not session.done:
        if interactive:
            stdout.write(f"{session.member}> ")
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        if not interactive:
            stdout.write(f"{session.member}> {line.rstrip()}\n")
        answer = session.handle(line)
        if answer:
            stdout.write(answer + "\n")
        stdout.flush()
    return 0
