#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Generates the otaboot image-format test vectors and their expected results.

    python3 tests/vectors/gen.py            rewrite the *.gz vectors and EXPECTED
    python3 tests/vectors/gen.py --check    exit 1 if the committed files differ
    python3 tests/vectors/gen.py --markdown print the vector table for docs/SPEC.md

Python standard library only, plus the `gzip` program for the vectors that
must come from GNU gzip itself. This is a second, independent implementation
of docs/SPEC.md ("Image format", "Metadata record"): the expected results are
derived from how each vector was built, not from running the C parser, and
tests/core/test_gzhdr.c checks the C parser against them on every run.

EXPECTED has one line per vector, fields separated by one space:
    <name> ok used=<n> os=<n> mtime=<n> meta=none
    <name> ok used=<n> os=<n> mtime=<n> meta=v1 board=<s> profile=<slot|direct|rollback>
        fw=<M.m.p> load=0x<8 hex> raw_size=<n> payload_size=<n> seccnt=<n>
        sig=<n> raw_sha=<8 hex> payload_sha=<8 hex>          (one line)
    <name> <OB_ERR_NAME> used=<n>
`used` is the number of bytes the parser consumes: the header length when
ok, up to and including the first offending byte on an error, the whole file
when it ends inside the header (OB_ERR_GZ_TRUNCATED). The sha fields are the
first 4 bytes of the SHA-256 in hex.
"""
import hashlib
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

FTEXT, FHCRC, FEXTRA, FNAME, FCOMMENT = 0x01, 0x02, 0x04, 0x08, 0x10
META_LEN = 180
PROFILES = ("slot", "direct", "rollback")


def raw_image(sp, reset):
    """A tiny Cortex-M-shaped image: 16 vectors, then filler 'code'."""
    vt = [sp, reset] + [reset + 4] * 14
    body = struct.pack("<16I", *vt)
    body += b"otaboot test image\0\0"
    while len(body) < 512:
        body += struct.pack("<HH", 0x4770, len(body) & 0xFFFF)  # bx lr; counter
    return body[:512]


def payload_of(raw):
    """Deflate stream + gzip trailer (CRC32, ISIZE), RFC 1952 section 2.3.1."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15, 9)
    return c.compress(raw) + c.flush() + struct.pack("<II", zlib.crc32(raw), len(raw))


def version_num(s):
    major, minor, patch = (int(x) for x in s.split("."))
    return major << 24 | minor << 16 | patch


def meta_record(raw, payload, board="nucleo-f429zi", profile=0, fw="1.2.3",
                load=0x08020000, seccnt=0, sig_type=0, key_id=b"", sig=b"",
                flags=0, version=1, reserved=b"\0\0\0", length=META_LEN,
                board_bytes=None):
    bb = board_bytes if board_bytes is not None else board.encode().ljust(16, b"\0")
    rec = struct.pack("<BBH", version, profile, flags) + bb
    rec += struct.pack("<IIIII", version_num(fw), load, len(raw), len(payload), seccnt)
    rec += hashlib.sha256(raw).digest() + hashlib.sha256(payload).digest()
    rec += bytes([sig_type]) + reserved + key_id.ljust(8, b"\0") + sig.ljust(64, b"\0")
    assert len(rec) == META_LEN
    # A record of another length (for the length/version rejections) is cut or padded.
    return rec[:length].ljust(length, b"\xa5")


def sub(si, data, length=None):
    """One FEXTRA subfield: SI1 SI2 LEN data (RFC 1952 section 2.3.1.1)."""
    return si + struct.pack("<H", len(data) if length is None else length) + data


def header(subs=None, flg=0, mtime=0, xfl=2, os_=3, fname=None, fcomment=None,
           xlen=None, cm=8, magic=b"\x1f\x8b", hcrc_xor=0):
    """A gzip member header; FEXTRA/FNAME/FCOMMENT flags follow the arguments,
    FHCRC when flg asks for it (hcrc_xor corrupts it)."""
    extra = b"".join(subs) if subs is not None else None
    if extra is not None:
        flg |= FEXTRA
    if fname is not None:
        flg |= FNAME
    if fcomment is not None:
        flg |= FCOMMENT
    h = magic + bytes([cm, flg]) + struct.pack("<IBB", mtime, xfl, os_)
    if extra is not None:
        h += struct.pack("<H", len(extra) if xlen is None else xlen) + extra
    if fname is not None:
        h += fname + b"\0"
    if fcomment is not None:
        h += fcomment + b"\0"
    if flg & FHCRC:
        h += struct.pack("<H", (zlib.crc32(h) & 0xFFFF) ^ hcrc_xor)
    return h


def ok_line(name, used, os_, mtime, rec=None):
    line = "%s ok used=%d os=%d mtime=%d" % (name, used, os_, mtime)
    if rec is None:
        return line + " meta=none"
    version, profile, _flags = struct.unpack_from("<BBH", rec, 0)
    board = rec[4:20].split(b"\0")[0].decode()
    fw, load, raw_size, payload_size, seccnt = struct.unpack_from("<IIIII", rec, 20)
    return line + (" meta=v%d board=%s profile=%s fw=%d.%d.%d load=0x%08x raw_size=%d"
                   " payload_size=%d seccnt=%d sig=%d raw_sha=%s payload_sha=%s") % (
        version, board, PROFILES[profile], fw >> 24, (fw >> 16) & 0xFF, fw & 0xFFFF,
        load, raw_size, payload_size, seccnt, rec[104], rec[40:44].hex(), rec[72:76].hex())


def gnu_gzip(raw, args):
    """Runs GNU gzip on a file app.bin with a fixed time stamp."""
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "app.bin")
        with open(path, "wb") as f:
            f.write(raw)
        os.utime(path, (1700000000, 1700000000))
        return subprocess.run(["gzip", "-c"] + args + [path], check=True,
                              stdout=subprocess.PIPE).stdout


def build():
    """Returns [(name, file bytes, expected line)] in a fixed order."""
    raw = raw_image(0x20030000, 0x08020041)
    pay = payload_of(raw)
    rec = meta_record(raw, pay)
    ours = sub(b"OB", rec)
    v = []

    def ok(name, hdr, os_=3, mtime=0, r=rec, tail=pay):
        v.append((name, hdr + tail, ok_line(name, len(hdr), os_, mtime, r)))

    def err(name, data, code, used):
        v.append((name, data, "%s %s used=%d" % (name, code, used)))

    # -- accepted ---------------------------------------------------------
    ok("ok_minimal", header([ours]))
    ok("ok_fname", header([ours], fname=b"app.bin"))
    ok("ok_allflags", header([ours], flg=FTEXT | FHCRC, mtime=0x5F5E1000, xfl=4, os_=11,
                             fname=b"firmware-1.2.3.bin", fcomment=b"built by ci #42"),
       os_=11, mtime=0x5F5E1000)
    ok("ok_foreign_before", header([sub(b"AP", b"\x01\x02\x03\x04\x05\x06"), ours]))
    ok("ok_foreign_after", header([ours, sub(b"XZ", b""), sub(b"Qq", b"0123456789")]))
    raw2 = raw_image(0x20020000, 0x08040101)
    pay2 = payload_of(raw2)
    rec2 = meta_record(raw2, pay2, board="olimex-e407", profile=1, fw="2.10.300",
                       load=0x08040000, seccnt=7, sig_type=1,
                       key_id=bytes(range(1, 9)), sig=bytes((i * 37 + 11) & 0xFF for i in range(64)))
    ok("ok_signed_direct", header([sub(b"OB", rec2)]), r=rec2, tail=pay2)
    rec3 = meta_record(raw, pay, profile=2, fw="2.0.0")
    ok("ok_rollback", header([sub(b"OB", rec3)]), r=rec3)
    g9 = gnu_gzip(raw, ["-9"])
    ok("ok_gzip9", g9[:18], mtime=1700000000, r=None, tail=g9[18:])  # FNAME "app.bin"
    g9n = gnu_gzip(raw, ["-9", "-n"])
    ok("ok_gzip9_n", g9n[:10], r=None, tail=g9n[10:])
    # As Python's gzip module writes: OS 255 ("unknown"), a time stamp, no FNAME.
    ok("ok_os_unknown", header(None, mtime=1234567890, os_=255), os_=255, mtime=1234567890, r=None)
    ok("ok_xlen0", header([]), r=None)
    ok("ok_foreign_only", header([sub(b"AP", b"\x00\x01")]), r=None)
    # FNAME and FCOMMENT hold at most 1024 bytes before their NUL.
    ok("ok_fname_1024", header([ours], fname=b"n" * 1024))

    # -- rejected ---------------------------------------------------------
    good = header([ours]) + pay
    err("err_magic", b"PK\x03\x04" + good[4:], "OB_ERR_GZ_MAGIC", 1)
    err("err_magic2", b"\x1f\x8c" + good[2:], "OB_ERR_GZ_MAGIC", 2)
    err("err_method", header([ours], cm=7) + pay, "OB_ERR_GZ_METHOD", 3)
    err("err_flags", header([ours], flg=0x20) + pay, "OB_ERR_GZ_FLAGS", 4)
    err("err_truncated_fixed", good[:7], "OB_ERR_GZ_TRUNCATED", 7)
    err("err_truncated_record", good[:100], "OB_ERR_GZ_TRUNCATED", 100)
    hc = header([ours], flg=FHCRC, fname=b"app.bin", fcomment=b"x", hcrc_xor=0x0100)
    err("err_hcrc", hc + pay, "OB_ERR_GZ_HCRC", len(hc))
    # the 1025th byte of a name or comment is the offending one
    err("err_fname_long", header([ours], fname=b"n" * 2048) + pay, "OB_ERR_GZ_TEXT_LONG", 196 + 1025)
    err("err_fcomment_long", header([ours], fcomment=b"c" * 1025) + pay, "OB_ERR_GZ_TEXT_LONG", 196 + 1025)
    err("err_version", header([sub(b"OB", meta_record(raw, pay, version=2))]) + pay,
        "OB_ERR_META_VERSION", 17)
    err("err_version_len", header([sub(b"OB", meta_record(raw, pay, version=2, length=200))]) + pay,
        "OB_ERR_META_VERSION", 17)
    # LEN of a (foreign) subfield runs past XLEN: judged at its LEN bytes.
    err("err_len_past_xlen", header([sub(b"AP", b"\0" * 6, length=7)]) + pay,
        "OB_ERR_META_LENGTH", 16)
    # XLEN leaves 2 bytes after our subfield: too few for a subfield header,
    # known at the last byte of the record.
    err("err_len_xlen_slack", header([ours, b"\0\0"]) + pay, "OB_ERR_META_LENGTH", 196)
    err("err_len_meta_len", header([sub(b"OB", meta_record(raw, pay, length=179))]) + pay,
        "OB_ERR_META_LENGTH", 17)
    err("err_len_meta_zero", header([sub(b"OB", b""), ours]) + pay, "OB_ERR_META_LENGTH", 16)
    err("err_duplicate", header([ours, ours]) + pay, "OB_ERR_META_DUPLICATE", 200)
    fields = [("flags", dict(flags=1)),
              ("profile", dict(profile=3)),
              ("board_case", dict(board="Nucleo-F429ZI")),
              ("board_empty", dict(board="")),
              ("board_unterminated", dict(board_bytes=b"nucleo-f429zi-xx")),
              ("board_padding", dict(board_bytes=b"nucleo\0x".ljust(16, b"\0"))),
              ("sigtype", dict(sig_type=2)),
              ("reserved", dict(reserved=b"\0\x01\0")),
              ("unsigned_sig", dict(sig=b"\x01")),
              ("unsigned_keyid", dict(key_id=b"\x01"))]
    for fname, kw in fields:
        err("err_field_" + fname, header([sub(b"OB", meta_record(raw, pay, **kw))]) + pay,
            "OB_ERR_META_FIELD", 196)
    return v


def expected_text(vectors):
    return "".join(line + "\n" for _, _, line in vectors)


def main():
    vectors = build()
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "--markdown":
        print("| vector | size | expected |\n|---|---|---|")
        for name, data, line in vectors:
            print("| `%s.gz` | %d | `%s` |" % (name, len(data), line.split(" ", 1)[1]))
        return 0
    files = {name + ".gz": data for name, data, _ in vectors}
    files["EXPECTED"] = expected_text(vectors).encode()
    if mode == "--check":
        bad = []
        for fn, data in files.items():
            try:
                with open(os.path.join(HERE, fn), "rb") as f:
                    same = f.read() == data
            except OSError:
                same = False
            if not same:
                bad.append(fn)
        for fn in bad:
            print("differs: tests/vectors/" + fn)
        return 1 if bad else 0
    for fn, data in files.items():
        with open(os.path.join(HERE, fn), "wb") as f:
            f.write(data)
    print("wrote %d vectors and EXPECTED to %s" % (len(vectors), HERE))
    return 0


if __name__ == "__main__":
    sys.exit(main())
