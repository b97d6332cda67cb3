#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""A console that outlives the emulator, like a USB serial port outlives a
board's resets: a pty whose slave is linked at LINK, fed by whichever QEMU
is connected to the unix socket SOCK (-serial unix:SOCK) at the time. QEMU
may connect, exit and connect again any number of times; the pty stays.
Usage: pty_relay.py SOCK LINK   (runs until killed)."""
import os
import select
import socket
import sys


def main():
    sock_path, link = sys.argv[1], sys.argv[2]
    master, slave = os.openpty()
    os.symlink(os.ttyname(slave), link)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    srv.listen(1)
    conn = None
    while True:
        fds = [srv, master] + ([conn] if conn else [])
        ready, _, _ = select.select(fds, [], [])
        if srv in ready:
            if conn:
                conn.close()
            conn, _ = srv.accept()
        if conn and conn in ready:
            data = conn.recv(4096)
            if not data:
                conn.close()
                conn = None
            else:
                os.write(master, data)
        if master in ready:
            data = os.read(master, 4096)  # what the reader types: to the board
            if conn:
                conn.sendall(data)


if __name__ == "__main__":
    main()
