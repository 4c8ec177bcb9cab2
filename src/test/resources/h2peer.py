#!/usr/bin/env python3
"""A misbehaving (or merely slow) HTTP/2 client for Gatehouse's tests, built on python3-h2.

usage: h2peer.py MODE PORT CAFILE
Prints one line per milestone; the JUnit test reads them. Every wait is bounded by a socket timeout.
Modes: drain, rapid-reset, continuation, ping-flood, settings-flood, hpack-bomb, hpack-bombs, zero-window,
small-window, upload, reset-mid-file, proxy-route, head-error.
"""
import hashlib
import socket
import ssl
import struct
import sys
import time

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.settings

MODE, PORT, CAFILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]
AUTH = "localhost:%d" % PORT


def say(*words):
    print(*words, flush=True)


def connect():
    ctx = ssl.create_default_context(cafile=CAFILE)
    ctx.set_alpn_protocols(["h2"])
    raw = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    sock = ctx.wrap_socket(raw, server_hostname="localhost")
    if sock.selected_alpn_protocol() != "h2":
        say("NO-H2", sock.selected_alpn_protocol())
        sys.exit(2)
    conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding="utf-8"))
    return sock, conn


def request_headers(path):
    return [(":method", "GET"), (":scheme", "https"), (":authority", AUTH), (":path", path)]


def frame(ftype, flags, stream, payload):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def read_until_goaway(sock, deadline=20):
    """Reads raw frames until GOAWAY or EOF; prints what ended the connection."""
    end = time.time() + deadline
    buf = b""
    sock.settimeout(5)
    try:
        while time.time() < end:
            data = sock.recv(65536)
            if not data:
                say("EOF")
                return
            buf += data
            while len(buf) >= 9:
                length = int.from_bytes(buf[0:3], "big")
                if len(buf) < 9 + length:
                    break
                ftype = buf[3]
                payload = buf[9:9 + length]
                buf = buf[9 + length:]
                if ftype == 7:
                    say("GOAWAY", int.from_bytes(payload[4:8], "big"))
                    return
                if ftype == 3:
                    say("RST_STREAM", int.from_bytes(payload[0:4], "big"))
                if ftype == 1 and b"431" in payload:
                    say("HEADERS-431")
    except (socket.timeout, ssl.SSLError, ConnectionError) as e:
        say("ENDED", type(e).__name__)
        return
    say("NO-GOAWAY")


def flood(sock, conn, make, count):
    sock.sendall(conn.data_to_send())
    try:
        for i in range(count):
            sock.sendall(make(i))
    except (ssl.SSLError, ConnectionError, socket.timeout) as e:
        say("SEND-STOPPED", type(e).__name__)
    read_until_goaway(sock)


def main():
    sock, conn = connect()
    conn.initiate_connection()
    if MODE == "rapid-reset":
        def make(i):
            sid = 1 + 2 * i
            conn.send_headers(sid, request_headers("/hello.txt"), end_stream=True)
            conn.reset_stream(sid)
            return conn.data_to_send()
        flood(sock, conn, make, 1000)
    elif MODE == "ping-flood":
        flood(sock, conn, lambda i: frame(6, 0, 0, struct.pack(">Q", i)), 5000)
    elif MODE == "settings-flood":
        flood(sock, conn, lambda i: frame(4, 0, 0, b""), 5000)
    elif MODE == "continuation":
        block = conn.encoder.encode(request_headers("/hello.txt"))
        header = b"\x00\x03x-a\x64" + b"a" * 100  # literal, not indexed: 105 bytes, 104 decoded + 32
        sock.sendall(conn.data_to_send())
        sock.sendall(frame(1, 0x1, 1, block))  # HEADERS: END_STREAM, no END_HEADERS
        def make(i):
            return frame(9, 0, 1, header * 9)  # CONTINUATION, never END_HEADERS
        flood(sock, conn, make, 3000)
    elif MODE == "hpack-bomb":
        block = conn.encoder.encode(request_headers("/hello.txt"))
        # One 4 KiB header added to the dynamic table (index 62), then referenced 2000 times at one
        # byte each: a 6 KiB header block that decodes to about 8 MiB.
        big = b"\x40\x05x-big" + b"\x7f\xa1\x1e" + b"b" * 4000  # literal with incremental indexing, len 4000
        bomb = block + big + b"\xbe" * 2000
        sock.sendall(conn.data_to_send())
        sock.sendall(frame(1, 0x5, 1, bomb[:16000]))
        read_until_goaway(sock, deadline=3)
    elif MODE == "hpack-bombs":
        # The same bomb again and again on new streams of one connection: the first ones are refused
        # per stream (431), then the connection must end with GOAWAY.
        sock.sendall(conn.data_to_send())
        big = b"\x40\x05x-big" + b"\x7f\xa1\x1e" + b"b" * 4000
        for i in range(150):
            stream = 1 + 2 * i
            # Headers as literals without indexing, so that both sides' dynamic tables stay in step;
            # only the first block adds the 4 KiB entry (index 62), which later blocks reference.
            plain = b"".join(b"\x00" + bytes([len(n)]) + n + bytes([len(v)]) + v for n, v in [
                (b":method", b"GET"), (b":scheme", b"https"), (b":authority", AUTH.encode()), (b":path", b"/hello.txt")])
            bomb = plain + (big if i == 0 else b"") + b"\xbe" * 2000
            try:
                sock.sendall(frame(1, 0x5, stream, bomb[:16000]))
            except OSError:
                break
        read_until_goaway(sock, deadline=5)
    elif MODE == "zero-window":
        conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 0})
        conn.send_headers(1, request_headers("/big.bin"), end_stream=True)
        sock.sendall(conn.data_to_send())
        events_until(sock, conn, lambda e: isinstance(e, h2.events.StreamReset), "RESET", 30)
    elif MODE == "drain":
        drain(sock, conn)
    elif MODE == "small-window":
        small_window(sock, conn)
    elif MODE == "upload":
        upload(sock, conn)
    elif MODE == "reset-mid-file":
        reset_mid_file(sock, conn)
    elif MODE == "head-error":
        sock.sendall(conn.data_to_send())
        get_status(sock, conn, 1, "/nope", "HEAD")
        get_status(sock, conn, 3, "/hello.txt", "HEAD")
    elif MODE == "proxy-route":
        conn.send_headers(1, request_headers("/api/x"), end_stream=True)
        sock.sendall(conn.data_to_send())
        reset = events_until(sock, conn, lambda e: isinstance(e, h2.events.StreamReset), "RESET", 10)
        if reset is not None:
            say("ERROR-CODE", int(reset.error_code))
            get_status(sock, conn, 3, "/hello.txt")
    else:
        say("UNKNOWN-MODE")
        sys.exit(2)


def events_until(sock, conn, match, label, seconds):
    end = time.time() + seconds
    sock.settimeout(2)
    while time.time() < end:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            say("EOF")
            return None
        for e in conn.receive_data(data):
            if match(e):
                say(label)
                return e
        sock.sendall(conn.data_to_send())
    say("TIMEOUT")
    return None


def drain(sock, conn):
    """Starts a big download, holds the flow-control window shut until the server says GOAWAY, then
    reads the rest: the stream must complete although the server is shutting down. Raw frames after
    the preface, because the h2 state machine refuses DATA once it has seen GOAWAY."""
    sock.sendall(conn.data_to_send())  # preface + SETTINGS
    sock.sendall(frame(1, 0x5, 1, conn.encoder.encode(request_headers("/big.bin"))))
    received = 0
    pending = 0
    goaway = False
    told = False
    buf = b""
    start = time.time()
    last = []
    trace = []
    end = time.time() + 60
    sock.settimeout(2)
    while time.time() < end:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            say("CLOSED", received, "at", round(time.time() - start, 2), "s; last frames", last[-4:])
            return
        buf += data
        out = b""
        while len(buf) >= 9:
            length = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + length:
                break
            ftype, flags, stream = buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF
            payload = buf[9:9 + length]
            buf = buf[9 + length:]
            trace.append((ftype, flags, stream, length))
            if ftype == 4 and not flags & 0x1:
                out += frame(4, 0x1, 0, b"")  # SETTINGS ack
            elif ftype == 6 and not flags & 0x1:
                out += frame(6, 0x1, 0, payload)  # PING ack
            elif ftype == 1 and stream == 1 and not told:
                told = True
                say("HEADERS", "200" if payload[:1] == b"\x88" else "other")
            elif ftype == 0 and stream == 1:
                last.append((length, flags))
                received += length
                pending += length
                if flags & 0x1:
                    say("COMPLETE", received)
            elif ftype == 7:
                goaway = True
                say("GOAWAY", int.from_bytes(payload[4:8], "big"), int.from_bytes(payload[0:4], "big") & 0x7FFFFFFF,
                    "at", round(time.time() - start, 2), "s")
            elif ftype == 3:
                say("RESET", int.from_bytes(payload[0:4], "big"))
        if goaway and pending:
            inc = struct.pack(">I", pending)
            out += frame(8, 0, 0, inc) + frame(8, 0, 1, inc)
            pending = 0
        if out:
            try:
                sock.sendall(out)
            except (ssl.SSLError, ConnectionError) as e:
                say("SEND-FAILED", type(e).__name__, "received", received, "frames", trace[:12], trace[-4:])
                return
    say("TIMEOUT", received)



def pump(sock, conn, handle, seconds=30):
    """Feeds received bytes to the h2 state machine and each event to handle until it returns True."""
    end = time.time() + seconds
    sock.settimeout(2)
    while time.time() < end:
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            say("EOF")
            return False
        for e in conn.receive_data(data):
            if handle(e):
                sock.sendall(conn.data_to_send())
                return True
        sock.sendall(conn.data_to_send())
    say("TIMEOUT")
    return False


def get_status(sock, conn, stream, path, method="GET"):
    """One request on the open connection; prints STATUS <code> <body length>."""
    conn.send_headers(stream, [(":method", method)] + request_headers(path)[1:], end_stream=True)
    sock.sendall(conn.data_to_send())
    got = {"status": None, "len": 0}

    def handle(e):
        if isinstance(e, h2.events.ResponseReceived) and e.stream_id == stream:
            got["status"] = dict(e.headers).get(":status")
        elif isinstance(e, h2.events.DataReceived) and e.stream_id == stream:
            got["len"] += len(e.data)
            conn.acknowledge_received_data(e.flow_controlled_length, stream)
        return isinstance(e, h2.events.StreamEnded) and e.stream_id == stream
    if pump(sock, conn, handle):
        say("STATUS", got["status"], got["len"])


def small_window(sock, conn):
    """A 1 KiB stream window, credit returned after each DATA frame: the whole file must arrive."""
    conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 1024})
    conn.send_headers(1, request_headers("/big.bin"), end_stream=True)
    sock.sendall(conn.data_to_send())
    digest = hashlib.sha256()
    got = {"len": 0, "frames": 0}

    def handle(e):
        if isinstance(e, h2.events.DataReceived):
            digest.update(e.data)
            got["len"] += len(e.data)
            got["frames"] += 1
            conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
        elif isinstance(e, h2.events.StreamReset):
            say("RESET")
            return True
        return isinstance(e, h2.events.StreamEnded)
    if pump(sock, conn, handle, 120):
        say("COMPLETE", got["len"], digest.hexdigest(), "frames", got["frames"])


def upload(sock, conn):
    """Sends 1 MiB of request body (far beyond the initial windows) on a POST, then a GET on the same
    connection: the server must return the body's flow-control credit or both stall."""
    conn.send_headers(1, [(":method", "POST"), (":scheme", "https"), (":authority", AUTH),
                          (":path", "/hello.txt")], end_stream=False)
    sock.sendall(conn.data_to_send())
    total = 1024 * 1024
    sent = 0
    chunk = b"u" * 16384
    end = time.time() + 30
    sock.settimeout(2)
    while sent < total and time.time() < end:
        window = min(conn.local_flow_control_window(1), conn.max_outbound_frame_size)
        if window > 0:
            n = min(window, len(chunk), total - sent)
            conn.send_data(1, chunk[:n], end_stream=(sent + n == total))
            sent += n
            sock.sendall(conn.data_to_send())
            continue
        try:
            data = sock.recv(65536)
        except socket.timeout:
            continue
        if not data:
            say("EOF")
            return
        conn.receive_data(data)
        sock.sendall(conn.data_to_send())
    say("UPLOADED", sent)
    get_status(sock, conn, 3, "/hello.txt")


def reset_mid_file(sock, conn):
    """Starts a big download with a small window, resets the stream after the first DATA frame, then
    asks for another file on the same connection."""
    conn.update_settings({h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 16384})
    conn.send_headers(1, request_headers("/big.bin"), end_stream=True)
    sock.sendall(conn.data_to_send())

    def handle(e):
        return isinstance(e, h2.events.DataReceived) and e.stream_id == 1
    if pump(sock, conn, handle):
        conn.reset_stream(1, h2.errors.ErrorCodes.CANCEL)
        sock.sendall(conn.data_to_send())
        say("RESET-SENT")
        get_status(sock, conn, 3, "/hello.txt")
        # Stay connected a moment, so that the server side sees the reset on a live connection.
        time.sleep(1)
        say("DONE")


if __name__ == "__main__":
    main()
