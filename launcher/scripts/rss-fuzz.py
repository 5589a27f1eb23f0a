#!/usr/bin/env python3
"""Resident memory of a running Switchboard before and after a fuzz of mixed and malformed requests.

    rss-fuzz.py <pid> <port> <password> [requests=6000] [workers=8]

Loopback only and bounded: at most `requests` requests, bodies of at most 2 MiB, 8 connections at a time.
Prints VmRSS (from /proc/<pid>/status) idle, right after the fuzz and 30 s later, and the status codes seen.
"""
import base64
import collections
import json
import os
import random
import socket
import sys
import threading
import time

pid, port, password = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
total = int(sys.argv[4]) if len(sys.argv) > 4 else 6000
workers = int(sys.argv[5]) if len(sys.argv) > 5 else 8
auth = "Basic " + base64.b64encode(("admin:" + password).encode()).decode()
rng = random.Random(10)
statuses = collections.Counter()
lock = threading.Lock()

PATHS = ["/api/health", "/api/connectors", "/api/operations?expand=true", "/api/deployments", "/api/connections",
         "/api/connections/x", "/api/connectors/greeter/operations/greet/invoke",
         "/api/connectors/sql/operations/executeQuery/invoke", "/api/subscriptions", "/api/hooks/nope",
         "/system/console", "/system/console/bundles", "/system/console/configMgr", "/system/console/connectors",
         "/system/console/status-Configurations.txt", "/nope", "/api/" + "a" * 3000, "/%ZZ", "/api/..%2f..%2fetc"]
METHODS = ["GET", "POST", "PUT", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE", "BREW"]


def rss_kb():
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def body():
    kind = rng.randrange(6)
    if kind == 0:
        return b""
    if kind == 1:
        return json.dumps({"connection": {"connectionString": "jdbc:h2:mem:x"},
                           "parameters": {"query": "SELECT 1", "name": "Ada"}}).encode()
    if kind == 2:
        return b"{" * rng.randrange(1, 5000)               # malformed, deeply nested
    if kind == 3:
        return os.urandom(rng.randrange(1, 64 * 1024))      # binary garbage
    if kind == 4:
        return b'{"a":"' + b"x" * rng.randrange(512 * 1024, 2 * 1024 * 1024) + b'"}'   # up to 2 MiB (413 beyond 1)
    return json.dumps({"connector": "greeter", "parameters": {"salutation": "Hi" * rng.randrange(1, 500)}}).encode()


def request():
    method = rng.choice(METHODS)
    path = rng.choice(PATHS)
    payload = body() if method in ("POST", "PUT", "PATCH", "BREW") else b""
    headers = ["Host: 127.0.0.1:%d" % port, "Connection: close"]
    if rng.random() < 0.8:
        headers.append("Authorization: " + auth)
    if rng.random() < 0.7:
        headers.append("Content-Type: " + rng.choice(["application/json", "text/plain", "application/xml",
                                                        "multipart/form-data; boundary=x", "application/json; charset=x"]))
    if rng.random() < 0.2:
        headers.append("X-Fuzz: " + "y" * rng.randrange(1, 12000))   # large header (431 beyond Jetty's limit)
    if rng.random() < 0.1:
        headers.append("Content-Length: " + str(len(payload) + rng.randrange(1, 100)))  # lies: the server waits
    else:
        headers.append("Content-Length: %d" % len(payload))
    raw = ("%s %s HTTP/1.1\r\n" % (method, path) + "\r\n".join(headers) + "\r\n\r\n").encode() + payload
    if rng.random() < 0.05:
        raw = os.urandom(rng.randrange(1, 2000))              # not HTTP at all
    return raw


def worker(count):
    for _ in range(count):
        raw = request()
        code = "none"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(raw)
                s.shutdown(socket.SHUT_WR)
                head = s.recv(64)
                code = head.split(b" ")[1].decode() if head.startswith(b"HTTP/") else "none"
                while s.recv(65536):
                    pass
        except (OSError, IndexError, UnicodeDecodeError):
            code = "error"
        with lock:
            statuses[code] += 1


idle = rss_kb()
start = time.time()
threads = [threading.Thread(target=worker, args=(total // workers,)) for _ in range(workers)]
for t in threads:
    t.start()
for t in threads:
    t.join()
after = rss_kb()
elapsed = time.time() - start
time.sleep(30)
later = rss_kb()
print("requests %d in %.1f s; statuses %s" % (sum(statuses.values()), elapsed, dict(sorted(statuses.items()))))
print("VmRSS idle %d MiB, after the fuzz %d MiB (%.2fx), 30 s later %d MiB (%.2fx)"
      % (idle // 1024, after // 1024, after / idle, later // 1024, later / idle))
