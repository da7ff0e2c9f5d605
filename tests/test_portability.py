"""Nothing in ``src/`` works only on Linux or macOS: a facilitator's laptop is often Windows.

Each module is parsed (not imported: importing proves nothing on the platform the test runs on). A POSIX-only
module (``fcntl``, ``termios``, ``pwd``...) or call (``os.fork``, ``signal.SIGKILL``...) is allowed only where the
code has a way round it on Windows:

- inside ``try: ... except ImportError`` (for an import) or ``except AttributeError`` (for a call);
- inside ``if sys.platform ...`` / ``if os.name ...`` / ``if hasattr(...)``, or after such an ``if`` that returns
  or raises earlier in the same function (``if not sys.platform.startswith("linux"): return`` then ``import fcntl``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

POSIX_MODULES = {
    "fcntl",
    "termios",
    "tty",
    "pty",
    "pwd",
    "grp",
    "resource",
    "posix",
    "syslog",
    "crypt",
    "spwd",
    "nis",
    "ossaudiodev",
    "readline",
    "curses",
}
POSIX_ATTRIBUTES = {
    "os": {
        "fork",
        "forkpty",
        "setsid",
        "setpgrp",
        "getpgid",
        "killpg",
        "getuid",
        "geteuid",
        "getgid",
        "getegid",
        "getgroups",
        "chown",
        "lchown",
        "fchown",
        "mkfifo",
        "mknod",
        "nice",
        "sync",
        "wait3",
        "wait4",
        "WNOHANG",
        "getloadavg",
        "sched_getaffinity",
        "O_NOFOLLOW",
        "O_NONBLOCK",
    },
    "signal": {
        "SIGKILL",
        "SIGHUP",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGCHLD",
        "SIGPIPE",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "alarm",
        "pause",
        "setitimer",
        "siginterrupt",
        "pthread_kill",
        "pthread_sigmask",
    },
}


def _is_platform_test(node: ast.expr) -> bool:
    """``sys.platform...``, ``os.name...``, ``platform.system()...`` or ``hasattr(...)`` anywhere in the test."""
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name):
            if (sub.value.id, sub.attr) in {("sys", "platform"), ("os", "name"), ("platform", "system")}:
                return True
        if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id == "hasattr":
            return True
    return False


def _catches(handler: ast.ExceptHandler, names: set[str]) -> bool:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in names for k in kinds)


def _leaves(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return | ast.Raise)


class _Finder(ast.NodeVisitor):
    """Walks one module keeping track of the guards around each statement."""

    def __init__(self) -> None:
        self.guards: list[set[str]] = [set()]  # per block: "import", "attribute", "platform"
        self.found: list[tuple[int, str]] = []

    def _block(self, statements: list[ast.stmt], extra: set[str]) -> None:
        self.guards.append(set(self.guards[-1]) | extra)
        for statement in statements:
            self.visit(statement)
            # An early exit on the wrong platform guards what follows it in the same block.
            if isinstance(statement, ast.If) and _is_platform_test(statement.test) and _leaves(statement.body):
                self.guards[-1].add("platform")
        self.guards.pop()

    def visit_Module(self, node: ast.Module) -> None:
        self._block(node.body, set())

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        for decorator in node.decorator_list:
            self.visit(decorator)
        self._block(node.body, set())

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._block(node.body, set())

    def visit_If(self, node: ast.If) -> None:
        self.visit(node.test)
        extra = {"platform"} if _is_platform_test(node.test) else set()
        self._block(node.body, extra)
        self._block(node.orelse, extra)

    def visit_Try(self, node: ast.Try) -> None:
        extra = set()
        if any(_catches(h, {"ImportError", "ModuleNotFoundError"}) for h in node.handlers):
            extra.add("import")
        if any(_catches(h, {"AttributeError"}) for h in node.handlers):
            extra.add("attribute")
        self._block(node.body, extra)
        for handler in node.handlers:
            self._block(handler.body, set())
        self._block(node.orelse, set())
        self._block(node.finalbody, set())

    def _guarded(self, kind: str) -> bool:
        return bool({kind, "platform"} & self.guards[-1])

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.split(".")[0] in POSIX_MODULES and not self._guarded("import"):
                self.found.append((node.lineno, f"import {alias.name}"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = (node.module or "").split(".")[0]
        if node.level == 0 and module in POSIX_MODULES and not self._guarded("import"):
            self.found.append((node.lineno, f"from {node.module} import ..."))
        if node.level == 0 and node.module in POSIX_ATTRIBUTES:
            for alias in node.names:
                if alias.name in POSIX_ATTRIBUTES[node.module] and not self._guarded("import"):
                    self.found.append((node.lineno, f"from {node.module} import {alias.name}"))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.attr in POSIX_ATTRIBUTES.get(node.value.id, set()):
            if not self._guarded("attribute"):
                self.found.append((node.lineno, f"{node.value.id}.{node.attr}"))
        self.generic_visit(node)


def posix_only(source: str) -> list[tuple[int, str]]:
    finder = _Finder()
    finder.visit(ast.parse(source))
    return finder.found


def modules() -> Iterator[Path]:
    yield from sorted(SRC.rglob("*.py"))


def test_no_module_in_src_needs_a_posix_only_module_or_call() -> None:
    found = [
        f"{path.relative_to(SRC)}:{line}: {what}"
        for path in modules()
        for line, what in posix_only(path.read_text("utf-8"))
    ]
    assert len(list(modules())) > 50  # the walk saw the package
    assert found == [], "POSIX-only, with no way round it on Windows:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "source",
    [
        "import fcntl\n",
        "import termios as t\n",
        "from pwd import getpwuid\n",
        "import os\nos.fork()\n",
        "import signal\nsignal.SIGKILL\n",
        "from signal import SIGHUP\n",
        "def f():\n    import resource\n",
        "try:\n    import fcntl\nexcept OSError:\n    pass\n",  # the wrong exception is no fallback
        "if True:\n    import fcntl\n",
    ],
)
def test_the_check_finds_unguarded_uses(source: str) -> None:
    assert posix_only(source), source


@pytest.mark.parametrize(
    "source",
    [
        "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None\n",
        "try:\n    import termios\nexcept (ImportError, OSError):\n    termios = None\n",
        "import sys\nif sys.platform != 'win32':\n    import fcntl\n",
        "import os\nif os.name == 'posix':\n    os.fork()\nelse:\n    pass\n",
        # The shape of web/server.py: an early return on other platforms, then the import.
        "import sys\ndef f():\n    if not sys.platform.startswith('linux'):\n        return\n    import fcntl\n",
        "import os\nif hasattr(os, 'getuid'):\n    os.getuid()\n",
        "import signal\ntry:\n    s = signal.SIGHUP\nexcept AttributeError:\n    s = None\n",
        "import signal\nsignal.SIGINT, signal.SIGTERM\n",  # both exist on Windows
    ],
)
def test_the_check_accepts_a_fallback(source: str) -> None:
    assert posix_only(source) == [], source
