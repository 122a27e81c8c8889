#!/usr/bin/env python3
"""A scripted SSM stand-in on 127.0.0.1 whose answers leave open whether a request was carried out:
for the rule that SendCommand (no client token) is never sent twice, and for deadlines.

    ssm_unsafe_answers_server.py

Prints {"port": N, "ca": null} when ready and serves until its standard input closes (the
slack_server.py convention), like ssm_stand_in_server.py, with the same addressing: a test points
AWS_ENDPOINT_URL at http://127.0.0.1:N/<scenario>.<tag>, and GET /_requests/<scenario>.<tag>
answers what that key received as a JSON list of {"target", "region", "body"}.

    send-500-once          SendCommand: HTTP 500 InternalServerError the first time (as if SSM
                           took the command, then failed to answer), then success
    send-cut-off-once      SendCommand: the first answer's headers promise 400 bytes, 30 come,
                           then the connection closes; then success
    send-throttled-once    SendCommand: ThrottlingException the first time (not carried out), then success
    send-unreadable        SendCommand: HTTP 200 without Command.CommandId
    invocation-500-once    GetCommandInvocation: HTTP 500 the first time, then Success
    silent                 every request is recorded and never answered (the connection is held
                           until the client closes it, at most 120 s)
    silent-after-send      SendCommand succeeds; every other request is silent
Otherwise SendCommand answers a CommandId and GetCommandInvocation Success. Every request must carry
Authorization and X-Amz-Target, or it gets 400 MissingAuthenticationToken.
"""
import http.server
import os
import socket
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ssm_stand_in_server as stand_in  # noqa: E402  (its answer(), error(), GET /_requests, the records)
from slack_server import serve_until_stdin_closes  # noqa: E402


class Handler(stand_in.Handler):
    def cut_off(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", "400")
        self.end_headers()
        self.wfile.write(b'{"Command": {"CommandId": "cu')
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)

    def hold(self):
        """Never answers: waits until the client gives up and closes."""
        self.close_connection = True
        self.connection.settimeout(120)
        try:
            while self.connection.recv(4096):
                pass
        except OSError:
            pass

    def do_POST(self):
        recorded = self.record()
        if recorded is None:
            return
        key, scenario, operation, body, n = recorded
        if scenario == "silent" or (scenario == "silent-after-send" and operation != "SendCommand"):
            return self.hold()
        if operation == "SendCommand":
            if scenario == "send-500-once" and n == 0:
                return self.answer(500, {"__type": "InternalServerError", "message": "the command was taken, the answer failed"})
            if scenario == "send-cut-off-once" and n == 0:
                return self.cut_off()
            if scenario == "send-throttled-once" and n == 0:
                return self.error("ThrottlingException", "Rate exceeded")
            if scenario == "send-unreadable":
                return self.answer(200, {"Command": {"Status": "Pending"}})
            return self.answer(200, {"Command": {"CommandId": "%s-command-%d" % (key, n + 1), "Status": "Pending",
                                                 "DocumentName": body.get("DocumentName")}})
        if operation == "GetCommandInvocation":
            if scenario == "invocation-500-once" and n == 0:
                return self.answer(500, {"__type": "InternalServerError", "message": "try again"})
            return self.answer(200, {"CommandId": body.get("CommandId"), "InstanceId": body.get("InstanceId"),
                                     "Status": "Success", "StatusDetails": "Success", "ResponseCode": 0,
                                     "StandardOutputContent": "restarted", "StandardErrorContent": ""})
        return self.error("InvalidAction", "not modelled: " + operation)


if __name__ == "__main__":
    served = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.daemon_threads = True  # a held connection does not keep the process
    serve_until_stdin_closes(served, None)
