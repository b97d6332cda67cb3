#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Test clients for the update port that netcat cannot play (127.0.0.1 only).

  tcpclient.py trickle PORT FILE INTERVAL LIMIT
      sends FILE one byte every INTERVAL seconds; prints "answer=<line>",
      "answer_at=<s>" and "closed_at=<s>" (when the board closed), or
      "closed_at=none" if LIMIT seconds passed first.
  tcpclient.py stream PORT BYTE LIMIT [PREFIX_FILE]
      sends PREFIX_FILE then BYTE (hex) for ever, as fast as the board takes
      it, for at most LIMIT seconds; prints the same three lines.
  tcpclient.py reset-after-answer PORT FILE
      sends FILE, reads the answer line, prints it, then resets the
      connection (RST) instead of closing it.
Every wait is bounded."""
import select
import socket
import struct
import sys
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
    s.setblocking(False)
    return s


def report(answer, answer_at, closed_at):
    print("answer=%s" % answer.decode(errors="replace").rstrip("\n"))
    print("answer_at=%s" % ("none" if answer_at is None else "%.2f" % answer_at))
    print("closed_at=%s" % ("none" if closed_at is None else "%.2f" % closed_at))


def run(s, chunks, limit):
    """chunks(): next bytes to send, or None to wait for the next turn."""
    t0 = time.monotonic()
    answer, answer_at, closed_at = b"", None, None
    while time.monotonic() - t0 < limit:
        r, w, _ = select.select([s], [s], [], 0.05)
        if r:
            try:
                d = s.recv(4096)
            except (ConnectionResetError, BrokenPipeError):
                closed_at = time.monotonic() - t0
                break
            if not d:
                closed_at = time.monotonic() - t0
                break
            answer += d
            if answer_at is None and b"\n" in answer:
                answer_at = time.monotonic() - t0
        if w:
            data = chunks()
            if data:
                try:
                    s.send(data)
                except BlockingIOError:
                    pass
                except (ConnectionResetError, BrokenPipeError):
                    closed_at = time.monotonic() - t0
                    break
            else:
                time.sleep(0.02)
    report(answer, answer_at, closed_at)


def trickle(port, path, interval, limit):
    data = open(path, "rb").read()
    s = connect(port)
    state = {"i": 0, "next": 0.0}
    t0 = time.monotonic()

    def chunks():
        now = time.monotonic() - t0
        if state["i"] < len(data) and now >= state["next"]:
            state["next"] = now + float(interval)
            state["i"] += 1
            return data[state["i"] - 1:state["i"]]
        return None

    run(s, chunks, float(limit))


def stream(port, byte, limit, prefix=None):
    s = connect(port)
    head = open(prefix, "rb").read() if prefix else b""
    body = bytes([int(byte, 16)]) * 4096
    state = {"head": head}

    def chunks():
        if state["head"]:
            d, state["head"] = state["head"], b""
            return d
        return body

    run(s, chunks, float(limit))


def reset_after_answer(port, path):
    data = open(path, "rb").read()
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=20)
    s.sendall(data)
    line = b""
    while not line.endswith(b"\n"):
        d = s.recv(256)
        if not d:
            break
        line += d
    print("answer=%s" % line.decode(errors="replace").rstrip("\n"))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"trickle": trickle, "stream": stream, "reset-after-answer": reset_after_answer}[cmd](*args)
