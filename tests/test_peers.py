#!/usr/bin/python3
"""The kernel's sockets against hostile and broken peers (issue 16): the installed kernelspec, driven
with jupyter_client and raw ZeroMQ frames (pyzmq) or raw TCP.

    /usr/bin/python3 tests/test_peers.py [-v] [-k PATTERN] [--artifacts DIR]

Each point is followed by the same proof that the kernel is whole: kernel_info answered on shell
and on control, and a cell `1+1` that gives 2. The points: a heartbeat fed pings of several frames
and junk; signed messages of the wrong shape (msg_id an object, null, a list; parent header fields
null); frames announced far over the cap by peers without the key (resident memory measured); a
50 MB message (signed and unsigned) and a large cell that is accepted (memory measured); a replayed
execute_request; a stale input_reply after an interrupt; an execute_request on the control channel
while the shell spins.
"""
import json
import os
import socket
import struct
import sys
import time
import unittest
import uuid

import zmq

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import KernelTest, result_of, rss_mb, run_suites, stdout_of  # noqa: E402

MEASURED = {}
CTX = zmq.Context.instance()


class Peers(KernelTest):
    """One kernel for all the points; each point ends with the kernel proved whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.info = cls.k.km.get_connection_info()
        cls.session = cls.k.km.session

    # ------------------------------------------------------------------ helpers

    def address(self, channel):
        return "tcp://%s:%d" % (self.info["ip"], self.info[channel + "_port"])

    def peer(self, kind, channel, timeout_ms=30000):
        s = CTX.socket(kind)
        s.setsockopt(zmq.LINGER, 0)
        s.setsockopt(zmq.RCVTIMEO, timeout_ms)
        s.connect(self.address(channel))
        return s

    def header(self, kind, **fields):
        h = {"msg_id": uuid.uuid4().hex, "session": "peer", "username": "peer", "date": "2026-12-05T00:00:00.000000Z",
             "msg_type": kind, "version": "5.3"}
        h.update(fields)
        return h

    def signed(self, header, parent=None, content=None, metadata=None, key_ok=True):
        parts = [json.dumps(x).encode() for x in (header, parent or {}, metadata or {}, content if content is not None else {})]
        sig = self.session.sign(parts) if key_ok else b"0" * 64
        return [b"<IDS|MSG>", sig] + parts

    def exchange(self, channel, frames, timeout_ms=30000):
        """Sends frames on a fresh DEALER; the reply's content (a dict), or None if none came in time."""
        s = self.peer(zmq.DEALER, channel, timeout_ms)
        try:
            s.send_multipart(frames)
            try:
                reply = s.recv_multipart()
            except zmq.Again:
                return None
            d = reply.index(b"<IDS|MSG>")
            return json.loads(reply[d + 5])
        finally:
            s.close()

    def assert_whole(self):
        r = self.k.request("kernel_info")
        self.assertEqual(r["content"]["status"], "ok")
        c = self.exchange("control", self.signed(self.header("kernel_info_request")))
        self.assertIsNotNone(c, "control did not answer kernel_info")
        self.assertEqual(c["status"], "ok")
        reply, msgs, _ = self.k.execute("1+1")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_of(msgs), "2")

    # ------------------------------------------------------------------ heartbeat

    def test_heartbeat_echoes_pings_of_any_shape_and_survives_junk(self):
        req = self.peer(zmq.REQ, "hb", 10000)
        for n in (1, 2, 3, 5):
            ping = [("ping %d/%d" % (n, i)).encode() for i in range(n)]
            req.send_multipart(ping)
            self.assertEqual(req.recv_multipart(), ping, "a ping of %d frames" % n)
        junk = self.peer(zmq.DEALER, "hb")
        junk.send(b"")
        junk.send_multipart([b"a", b"", b"b"])
        junk.send(b"x" * (1 << 20))              # over the heartbeat's 64 KB cap: that peer is cut off
        raw = socket.create_connection((self.info["ip"], self.info["hb_port"]))
        raw.sendall(b"GET / HTTP/1.1\r\n\r\n" + os.urandom(4096))
        raw.close()
        req.send(b"still there?")
        self.assertEqual(req.recv(), b"still there?")
        self.assertTrue(self.k.kc.hb_channel.is_beating())
        junk.close()
        req.close()
        self.assert_whole()

    # ------------------------------------------------------------------ malformed, signed

    def test_signed_messages_of_the_wrong_shape_are_refused_and_nothing_dies(self):
        for channel in ("shell", "control"):
            for bad in ({}, None, [], 7):
                for field in ("msg_id", "msg_type", "session"):
                    frames = self.signed(self.header("kernel_info_request", **{field: bad}))
                    self.assertIsNone(self.exchange(channel, frames, 300), "%s: %s = %r answered" % (channel, field, bad))
            # a sound header with parent header fields of the wrong type: an error reply, not a dead thread
            parent = self.header("execute_request", msg_id=None, session=None)
            c = self.exchange(channel, self.signed(self.header("kernel_info_request"), parent=parent))
            self.assertIsNotNone(c, channel)
            self.assertEqual(c["status"], "error")
            self.assertIn("msg_id is null", c["evalue"])
            self.assert_whole()
        # an execute_request whose content has fields of the wrong types
        for content in ({"code": {"x": 1}}, {"code": "1+1", "user_expressions": {"a": [1]}}, {"code": "1+1", "silent": {}}):
            c = self.exchange("shell", self.signed(self.header("execute_request"), content=content))
            self.assertIsNotNone(c, content)
            if "silent" in content:
                self.assertEqual(c["status"], "ok", "a silent flag that is not a boolean is read as false")
            else:
                self.assertEqual(c["status"], "error", content)
        self.assert_whole()

    # ------------------------------------------------------------------ deaf-making peers, size limits

    def announce(self, size):
        """A raw TCP peer that speaks ZeroMQ 3.0 (NULL mechanism, as a DEALER) to the shell port and
        announces one frame of `size` bytes, then sends nothing more. Returns the open socket."""
        s = socket.create_connection((self.info["ip"], self.info["shell_port"]))
        greeting = b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" + b"\x00" * 31
        s.sendall(greeting)
        s.settimeout(10)
        got = b""
        while len(got) < 64:
            chunk = s.recv(64 - len(got))
            if not chunk:
                break
            got += chunk
        body = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 6) + b"DEALER"
        s.sendall(b"\x04" + bytes([len(body)]) + body)
        s.sendall(b"\x02" + struct.pack(">Q", size) + b"x" * 1024)
        return s

    def test_frames_announced_over_the_cap_reserve_nothing(self):
        before = rss_mb(self.k.pid)
        peers = [self.announce(1900 * 1024 * 1024) for _ in range(4)]
        time.sleep(2)
        during = rss_mb(self.k.pid)
        cut = 0
        for s in peers:
            try:
                s.settimeout(10)
                while s.recv(65536):
                    pass
                cut += 1                          # the kernel closed the connection
            except ConnectionResetError:
                cut += 1
            except socket.timeout:
                pass                              # still connected: not cut off
            finally:
                s.close()
        MEASURED["announced_4x1900MB_rss_mb"] = [round(before), round(during)]
        self.assertLess(during - before, 100, "resident memory went from %.0f to %.0f MB" % (before, during))
        self.assertEqual(cut, 4, "every peer that announced a frame over the cap was disconnected")
        self.assert_whole()

    def test_a_50MB_message_is_refused_clearly_signed_or_not(self):
        self.assert_whole()                       # a kernel that has run cells: its memory is what a notebook's is
        before = rss_mb(self.k.pid)
        code = "// " + "x" * (50 * 1024 * 1024) + "\n1+1"
        c = self.exchange("shell", self.signed(self.header("execute_request"), content={"code": code, "silent": False}, key_ok=False), 3000)
        self.assertIsNone(c, "an unsigned message is not answered")
        h = self.header("execute_request")
        c = self.exchange("shell", self.signed(h, content={"code": code, "silent": False}))
        self.assertIsNotNone(c)
        self.assertEqual(c["status"], "error")
        self.assertIn("over this kernel's maximum of 32.0 MB", c["evalue"])
        self.assertIn("LOOMBOOK_MAX_MESSAGE_MB", c["evalue"])
        errors = [m for m in self.k.idle(h["msg_id"]) if m["msg_type"] == "error"]
        self.assertTrue(errors, "the refusal is shown in the notebook too (an error on IOPub)")
        del code
        time.sleep(1)
        after = rss_mb(self.k.pid)
        MEASURED["refused_50MB_rss_mb"] = [round(before), round(after)]
        self.assertLess(after - before, 100, "a refused 50 MB message left the kernel at %.0f MB (from %.0f)" % (after, before))
        self.assert_whole()

    def test_an_accepted_large_cell_does_not_keep_its_copies(self):
        def heap_after_gc():
            _, msgs, _ = self.k.execute("System.gc(); System.gc(); (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20")
            return int(result_of(msgs))
        self.assert_whole()
        heap_before = heap_after_gc()
        rss_before = rss_mb(self.k.pid)
        big = "// " + "y" * (20 * 1024 * 1024) + "\nint large = 1 + 1;\nlarge"
        reply, msgs, _ = self.k.execute(big, timeout=120, store_history=False)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_of(msgs), "2")
        rss_peak = rss_mb(self.k.pid)
        heap_after = heap_after_gc()
        rss_after = rss_mb(self.k.pid)
        MEASURED["accepted_20MB_cell"] = {"heap_mb_after_gc": [heap_before, heap_after],
                                          "rss_mb": [round(rss_before), round(rss_peak), round(rss_after)]}
        self.assertLess(heap_after - heap_before, 15, "a 20 MB cell left %d MB on the heap" % (heap_after - heap_before))
        self.assert_whole()

    # ------------------------------------------------------------------ replays

    def test_a_replayed_execute_request_runs_once(self):
        self.k.execute("int replays = 0;")
        frames = self.signed(self.header("execute_request"), content={"code": "replays++;", "silent": False, "stop_on_error": False})
        s = self.peer(zmq.DEALER, "shell")
        s.send_multipart(frames)
        self.assertIsNotNone(s.recv_multipart())
        s.send_multipart(frames)
        s.setsockopt(zmq.RCVTIMEO, 1000)
        with self.assertRaises(zmq.Again):
            s.recv_multipart()
        s.close()
        _, msgs, _ = self.k.execute("replays")
        self.assertEqual(result_of(msgs), "1")
        self.assert_whole()

    # ------------------------------------------------------------------ stdin

    def test_a_stale_input_reply_does_not_answer_the_next_question(self):
        kc = self.k.kc
        msg_id = kc.execute('var sc1 = new Scanner(System.in);\nsc1.nextLine()', allow_stdin=True)
        req = kc.get_stdin_msg(timeout=30)
        self.assertEqual(req["msg_type"], "input_request")
        self.k.km.interrupt_kernel()
        self.k.shell_reply(msg_id)
        self.k.idle(msg_id)
        kc.input("stale")                         # typed into the box after the interrupt: no parent header
        time.sleep(0.5)
        msg_id = kc.execute('var sc2 = new Scanner(System.in);\n"got " + sc2.nextLine()', allow_stdin=True)
        req = kc.get_stdin_msg(timeout=30)
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        kc.input("fresh")
        reply = self.k.shell_reply(msg_id)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(result_of(self.k.idle(msg_id)), '"got fresh"')
        self.assert_whole()

    def test_a_question_still_open_when_its_request_ends_is_withdrawn(self):
        kc = self.k.kc
        code = ('Thread reader = new Thread(() -> {\n'
                '    try { System.out.println("read " + new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine()); }\n'
                '    catch (java.io.IOException e) { System.out.println("withdrawn: " + e.getMessage()); }\n'
                '});\n'
                'reader.start();\n'
                'Thread.sleep(1000);')
        msg_id = kc.execute(code, allow_stdin=True)
        asked = kc.get_stdin_msg(timeout=30)
        self.assertEqual(asked["parent_header"]["msg_id"], msg_id)
        self.assertEqual(self.k.shell_reply(msg_id)["content"]["status"], "ok")
        self.k.idle(msg_id)
        _, msgs, _ = self.k.execute("reader.join(10_000); reader.isAlive()")
        self.assertEqual(result_of(msgs), "false", "the reader was not let go when its request ended")
        kc.input("too late")                      # the box of the ended request: dropped
        msg_id = kc.execute('var sc3 = new Scanner(System.in);\n"got " + sc3.nextLine()', allow_stdin=True)
        req = kc.get_stdin_msg(timeout=30)
        self.assertEqual(req["parent_header"]["msg_id"], msg_id, "the next question is asked")
        kc.input("next")
        self.assertEqual(self.k.shell_reply(msg_id)["content"]["status"], "ok")
        self.assertEqual(result_of(self.k.idle(msg_id)), '"got next"')
        self.assert_whole()

    # ------------------------------------------------------------------ control

    def test_control_runs_no_code_and_interrupts_are_heard_while_the_shell_spins(self):
        spin = self.k.kc.execute("long spins = 0;\nwhile (true) { spins++; }")
        self.k.first(spin, "execute_input")
        t0 = time.monotonic()
        c = self.exchange("control", self.signed(self.header("execute_request"), content={"code": "1+1"}), 10000)
        ms = (time.monotonic() - t0) * 1000
        self.assertIsNotNone(c, "control did not answer while the shell spins")
        self.assertEqual(c["status"], "error")
        self.assertEqual(c["ename"], "NotAControlRequest")
        t0 = time.monotonic()
        c = self.exchange("control", self.signed(self.header("interrupt_request")), 10000)
        self.assertEqual(c["status"], "ok")
        reply = self.k.shell_reply(spin)
        MEASURED["control_refusal_while_spinning_ms"] = round(ms, 1)
        MEASURED["interrupt_after_refusal_ms"] = round((time.monotonic() - t0) * 1000, 1)
        self.assertEqual(reply["content"]["status"], "error")
        self.k.idle(spin)
        self.assert_whole()


def main():
    return run_suites([Peers], MEASURED, "peers.json")


if __name__ == "__main__":
    sys.exit(main())
