"""A loopback HTTP server that records every request and answers 200 `{}`.

What it keeps of each request is what the wire-equality harness compares: the method, the raw
request target split into path and query (nothing decoded), the headers as sent, and the body
bytes. Requests are handed out in arrival order with `take()`.
"""
import http.server
import queue
import threading


class Captured:
    """One request as it arrived."""

    def __init__(self, method, target, headers, body):
        self.method = method
        path, sep, query = target.partition("?")
        self.path = path
        self.query = query if sep else None
        self.headers = headers  # list of (name, value), as sent
        self.body = body  # bytes; b"" when none was sent

    def header_values(self, name):
        """Every value of header `name` (case-insensitive), in the order sent."""
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]

    def header(self, name):
        """The first value of header `name` (case-insensitive), or None."""
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.captured.put(Captured(self.command, self.path, list(self.headers.items()), body))
        answer = b"{}"
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.send_header("X-Request-Id", "wire-eq")
        self.end_headers()
        # A HEAD answer has no body (RFC 9110 section 9.3.2); bytes after its headers would
        # be read as the start of the next answer on a kept-alive connection.
        if self.command != "HEAD":
            self.wfile.write(answer)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = _record

    def log_message(self, *args):  # keep the harness's output readable
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A client that closes its connection after the answer is not an error here.
        pass


class CaptureServer:
    """`with CaptureServer() as s:` listens on 127.0.0.1 (a free port) until the block ends."""

    def __enter__(self):
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.captured = queue.Queue()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()

    @property
    def url(self):
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def take(self, timeout=0.0):
        """The oldest request not yet taken, or None if none arrives within `timeout` s."""
        try:
            return self._server.captured.get(timeout=timeout) if timeout else \
                self._server.captured.get_nowait()
        except queue.Empty:
            return None

    def drain(self):
        """Every request not yet taken (a side that sent more than one request)."""
        out = []
        while (c := self.take()) is not None:
            out.append(c)
        return out
