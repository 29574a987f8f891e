#!/usr/bin/env python3
"""Regression test for issue 20 item 1: `zhsearch serve --port P` while
something else already listens on P.

Usage: port_test.py ZHSEARCH CORPUS_DIR WORK_DIR

cpp-httplib 0.11 sets SO_REUSEPORT on its listening socket, so a second
`zhsearch serve` on the port of a running one bound it too, printed
"serving ... at http://127.0.0.1:P/" and kept running: two listeners, the
kernel splitting connections between two indexes. Checks:
- a second `zhsearch serve` on the port of a running one (on its address
  and on 0.0.0.0) exits 2 at once, saying "port P is in use", and the port
  keeps one listener, the first server, which still answers;
- the same against a plain Python listening socket, without and with
  SO_REUSEPORT;
- a server restarts on the port right after the previous one stopped, with
  its closed connections in TIME_WAIT (SO_REUSEADDR);
- other bind failures say what is wrong, exit 2: an address not on this
  machine, a host name that does not resolve, a port below 1024 without
  the privilege (when the test runs as root and can drop it).
"""

import errno
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import traceback
import types

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_fixture import Fixture, FAILURES, check, request  # noqa: E402

# A second server has to give up at once, not after a timeout of its own.
FAIL_WITHIN_SECONDS = 5.0

TCP_LISTEN = "0A"
TCP_TIME_WAIT = "06"


def sockets_on_port(port, state):
    """Sockets in `state` (hex, /proc/net/tcp) whose local port is `port`."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f)
                for line in f:
                    fields = line.split()
                    local, st = fields[1], fields[3]
                    if st == state and int(local.rsplit(":", 1)[1], 16) == port:
                        found.append((table, local))
        except FileNotFoundError:
            pass
    return found


def listeners(port):
    return len(sockets_on_port(port, TCP_LISTEN))


def run_serve(fx, *args, user=None, while_running=None):
    """Runs `zhsearch serve --db DB --quiet ARGS` that is expected to fail.
    Returns (exit code or None if still running after FAIL_WITHIN_SECONDS,
    seconds taken, stdout, stderr); a process still running is handed to
    `while_running` (if given), then killed."""
    cmd = [fx.zhsearch, "serve", "--db", fx.db, "--quiet", *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]  # numeric ids
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = proc.communicate(timeout=FAIL_WITHIN_SECONDS)
        code = proc.returncode
    except subprocess.TimeoutExpired:
        if while_running:
            while_running()
        proc.kill()
        out, err = proc.communicate()
        code = None
    return code, time.monotonic() - start, out, err


def expect_refused(fx, what, port, message, *args):
    """`zhsearch serve --port PORT ARGS` exits 2 at once with `message` on
    stderr, prints no URL, and leaves the port with one listener."""
    def count_listeners():
        n = listeners(port)
        check(n == 1, f"{what}: one listener on port {port} while the second serve runs, found {n}")

    code, seconds, out, err = run_serve(fx, "--port", str(port), *args, while_running=count_listeners)
    check(code == 2, f"{what}: second serve exits 2 at once (got {code} after {seconds:.1f} s; "
                     f"stdout {out.strip()!r}, stderr {err.strip()!r})")
    check(message in err, f"{what}: stderr says {message!r}: {err.strip()!r}")
    check(err.startswith("zhsearch: cannot listen on ") and err.count("\n") == 1,
          f"{what}: one line `zhsearch: cannot listen on ...`: {err!r}")
    check("serving" not in out, f"{what}: no 'serving' line: {out!r}")
    n = listeners(port)
    check(n == 1, f"{what}: one listener on port {port}, found {n}: {sockets_on_port(port, TCP_LISTEN)}")


def test_second_zhsearch(fx):
    first = fx.serve("--quiet")
    port = first.port
    check(listeners(port) == 1, f"first server: one listener on {port}")
    expect_refused(fx, "zhsearch on 127.0.0.1", port, f"cannot listen on 127.0.0.1:{port}: port {port} is in use")
    expect_refused(fx, "zhsearch on 0.0.0.0", port, f"cannot listen on 0.0.0.0:{port}: port {port} is in use",
                   "--host", "0.0.0.0")
    # Nor does the server's socket let another process in that asks for
    # SO_REUSEPORT (it let in any of the same user).
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        try:
            s.bind(("127.0.0.1", port))
            s.listen(16)
            check(False, f"a python socket with SO_REUSEPORT listens on the server's port {port} too")
        except OSError as e:
            check(e.errno == errno.EADDRINUSE, f"python SO_REUSEPORT bind on {port}: EADDRINUSE, got {e}")
    # Every connection still reaches the first server.
    for _ in range(10):
        status, _, _ = request(first, "/healthz", timeout=10)
        check(status == 200, f"first server still answers after the refused starts: {status}")
    check(first.proc.poll() is None, "first server still running")
    check(first.stop() == 0, "first server stops cleanly")


def test_python_listener(fx, reuseport):
    what = "python listener" + (" with SO_REUSEPORT" if reuseport else "")
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if reuseport:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        s.bind(("127.0.0.1", 0))
        s.listen(16)
        port = s.getsockname()[1]
        expect_refused(fx, what, port, f"cannot listen on 127.0.0.1:{port}: port {port} is in use")
    finally:
        s.close()


def test_restart_same_port(fx):
    """Stop, then start again on the same port at once: the stopped server's
    connections are in TIME_WAIT on that port, and SO_REUSEADDR lets the
    new one bind anyway."""
    first = fx.serve("--quiet")
    port = first.port
    # `Connection: close`: the server closes first, so TIME_WAIT is on its side.
    for _ in range(5):
        status, _, _ = request(first, "/healthz", headers={"Connection": "close"}, timeout=10)
        check(status == 200, f"healthz before the restart: {status}")
    # One connection still open when the server stops.
    keep = socket.create_connection(("127.0.0.1", port), timeout=10)
    keep.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    keep.recv(65536)
    check(first.stop() == 0, "first server stops cleanly")
    keep.close()
    tw = sockets_on_port(port, TCP_TIME_WAIT)
    print(f"   {len(tw)} connection(s) in TIME_WAIT on port {port}")
    check(tw, f"the stopped server left connections in TIME_WAIT on {port} (the restart would test nothing)")
    proc = subprocess.Popen([fx.zhsearch, "serve", "--db", fx.db, "--quiet", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        check(f"at http://127.0.0.1:{port}/" in line,
              f"restart on port {port} right after a stop: {line!r}, exit {proc.poll()}, "
              f"{proc.stderr.read().strip() if proc.poll() is not None else ''!r}")
        if proc.poll() is None:
            status, _, _ = request(types.SimpleNamespace(port=port), "/healthz", timeout=10)
            check(status == 200, f"restarted server answers: {status}")
            check(listeners(port) == 1, f"restarted server: one listener on {port}")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        check(proc.returncode == 0, f"restarted server stops cleanly: {proc.returncode}")
        proc.stdout.close()
        proc.stderr.close()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_other_bind_errors(fx):
    port = free_port()
    for args, message in [
        (["--host", "192.0.2.1", "--port", str(port)], f"cannot listen on 192.0.2.1:{port}: 192.0.2.1 is not an address of this machine"),
        (["--host", "192.0.2.1", "--port", "0"], "cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine"),
        (["--host", "no-such-host.invalid", "--port", str(port)],
         f"cannot listen on no-such-host.invalid:{port}: --host no-such-host.invalid"),
    ]:
        code, seconds, out, err = run_serve(fx, *args)
        check(code == 2 and message in err and "in use" not in err,
              f"serve {' '.join(args)}: exit 2 with {message!r}, got {code} after {seconds:.1f} s: {err.strip()!r}")
        check("serving" not in out, f"serve {' '.join(args)}: no 'serving' line: {out!r}")

    # A port below 1024 without the privilege: only checkable as root, by
    # dropping it, where the kernel still reserves low ports.
    try:
        with open("/proc/sys/net/ipv4/ip_unprivileged_port_start", encoding="ascii") as f:
            unprivileged_start = int(f.read())
    except OSError:
        unprivileged_start = 1024
    low = None
    if os.geteuid() == 0 and unprivileged_start > 1 and shutil.which("setpriv"):
        for candidate in range(min(unprivileged_start, 1024) - 1, 0, -1):
            try:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", candidate))
                low = candidate
                break
            except OSError:
                continue
    if low is None:
        print("   skipped: the permission check (needs root, setpriv and reserved low ports)")
        return
    # The server runs as nobody; it must fail at the bind, before it reads the index.
    code, seconds, out, err = run_serve(fx, "--port", str(low), user=65534)
    message = f"cannot listen on 127.0.0.1:{low}: permission denied"
    check(code == 2 and message in err and "in use" not in err,
          f"port {low} as nobody: exit 2 with {message!r}, got {code} after {seconds:.1f} s: {err.strip()!r}")


def main():
    zhsearch, corpus, work = sys.argv[1], sys.argv[2], sys.argv[3]
    fx = Fixture(zhsearch, corpus, work, "port")
    try:
        for name, test in [("test_second_zhsearch", test_second_zhsearch),
                           ("test_python_listener", lambda fx: test_python_listener(fx, reuseport=False)),
                           ("test_python_listener_reuseport", lambda fx: test_python_listener(fx, reuseport=True)),
                           ("test_restart_same_port", test_restart_same_port),
                           ("test_other_bind_errors", test_other_bind_errors)]:
            print("--", name)
            try:
                test(fx)
            except Exception:  # noqa: BLE001 - report and go on with the next test
                FAILURES.append(name + " raised")
                traceback.print_exc()
    finally:
        fx.close()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        return 1
    print("all port checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
