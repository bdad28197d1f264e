#!/usr/bin/env python3
"""A TLS-terminating proxy on 127.0.0.1 for Sluice's tests.

It completes the TLS handshake with the server certificate it is given (and, with
--client-ca, requires a client certificate signed by that CA), then relays the decrypted
bytes to a plain-HTTP loopback backend (the tests' fake Elasticsearch or Loki) and back.
A connection whose handshake fails never reaches the backend.

Protocol on stdout, one line per event, flushed at once:
    listening <port>
    handshake ok client=<client certificate CN, or -> protocol=<TLS version>
    handshake failed <reason>

Standard library only (ssl, socket, select, threading). Stops on SIGTERM, and when its
standard input closes (the test process that started it ended, however it ended).
"""

import argparse
import os
import select
import signal
import socket
import ssl
import sys
import threading

_print_lock = threading.Lock()


def report(line):
    with _print_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def context(args):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(args.cert, args.key)
    # The backend speaks HTTP/1.1 only: never let a client negotiate HTTP/2.
    ctx.set_alpn_protocols(["http/1.1"])
    if args.client_ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(cafile=args.client_ca)
    return ctx


def client_name(tls):
    cert = tls.getpeercert()
    if not cert:
        return "-"
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "commonName":
                return value
    return "?"


def relay(tls, backend):
    """Copies bytes both ways until either side closes."""
    sockets = [tls, backend]
    try:
        while True:
            # Decrypted bytes OpenSSL already holds do not make the socket readable.
            ready = [tls] if tls.pending() else select.select(sockets, [], [], 60)[0]
            if not ready:
                return
            for sock in ready:
                data = sock.recv(65536)
                if not data:
                    return
                (backend if sock is tls else tls).sendall(data)
    except (OSError, ssl.SSLError):
        return


def linger(tls):
    """Closes like a web server after a refused handshake: the alert already sent, stop
    sending, read what the client still sends (a TLS 1.3 client sends its request before it
    learns the server refused its certificate) until it closes. A close with unread data would
    reset the connection, and the client could lose the alert that says why."""
    try:
        tls.shutdown(socket.SHUT_WR)  # also drops the TLS layer: recv reads raw bytes
        tls.settimeout(5)
        while tls.recv(65536):
            pass
    except OSError:
        pass


def serve(connection, ctx, backend_port):
    connection.settimeout(30)
    # The handshake is run here, not by wrap_socket, which closes the socket at once when it fails.
    tls = ctx.wrap_socket(connection, server_side=True, do_handshake_on_connect=False)
    try:
        try:
            tls.do_handshake()
        except (ssl.SSLError, OSError) as error:
            reason = getattr(error, "reason", None) or str(error)
            report("handshake failed " + str(reason).replace("\n", " "))
            linger(tls)
            return
        report("handshake ok client=%s protocol=%s" % (client_name(tls), tls.version()))
        tls.settimeout(None)
        try:
            backend = socket.create_connection(("127.0.0.1", backend_port))
        except OSError:
            return
        backend.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            relay(tls, backend)
        finally:
            backend.close()
    finally:
        tls.close()


def exit_when_stdin_closes():
    while sys.stdin.buffer.read1(4096):
        pass
    os._exit(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cert", required=True, help="server certificate (PEM)")
    parser.add_argument("--key", required=True, help="its private key (PEM)")
    parser.add_argument("--backend-port", type=int, required=True, help="plain HTTP backend on 127.0.0.1")
    parser.add_argument("--client-ca", help="require client certificates signed by this CA (PEM)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    ctx = context(args)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    report("listening %d" % listener.getsockname()[1])
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, ctx, args.backend_port), daemon=True).start()


if __name__ == "__main__":
    main()
