#!/usr/bin/env python3
"""A scripted stand-in for SSM Run Command on 127.0.0.1: what moto does not model (it always says
Success).

    ssm_stand_in_server.py

Prints {"port": N, "ca": null} when ready and serves until its standard input closes (the
slack_server.py convention). A test points AWS_ENDPOINT_URL at http://127.0.0.1:N/<scenario>.<tag>:
the scenario picks the answers, the tag keeps one test's requests apart from another's. Requests
are recorded per "<scenario>.<tag>"; GET /_requests/<scenario>.<tag> answers them as a JSON list of
{"target", "region", "body"} (region: the SigV4 credential scope's).

    success                SendCommand ok; GetCommandInvocation Success
    failed                 GetCommandInvocation Failed, exit code 1, a hostile multi-line stderr
    timed-out              GetCommandInvocation TimedOut
    not-yet-then-success   InvocationDoesNotExist twice, InProgress once, then Success
    throttle-then-ok       SendCommand: ThrottlingException the first time, then as success
    throttle-always        SendCommand: ThrottlingException, always
    in-progress            GetCommandInvocation InProgress, always
A command sent to an Auto Scaling group's instances (Targets) is followed with ListCommands,
ListCommandInvocations (pages of MaxResults, NextToken the offset) and GetCommandInvocation:
    group-success          ListCommands: InvalidCommandId the first time, then Success on 3 of 3
    group-mixed            ListCommands: InProgress once, then Failed (3 instances, 1 error);
                           invocations in pages of two: Success, Failed (exit 1, the hostile
                           stderr), Failed/Undeliverable
    group-success-undeliverable  ListCommands Success on 2 of 2, but one invocation Undeliverable
    group-large            250 instances, every tenth Failed; ListCommands Failed, 25 errors
    group-empty            ListCommands Success with TargetCount 0: no instance carries the tag
    group-in-progress      ListCommands InProgress (1 of 3 done), always
    group-throttled        ListCommands: ThrottlingException the first time, then Success on 2 of 2;
                           ListCommandInvocations: ThrottlingException, always
    group-list-denied      ListCommands: AccessDeniedException (a role without ssm:ListCommands)
Every request must carry Authorization and X-Amz-Target, or it gets 400 MissingAuthenticationToken.
"""
import http.server
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slack_server import serve_until_stdin_closes  # noqa: E402

HOSTILE_STDERR = ("Job for httpd.service failed because the control process exited with error code.\n"
                  "See \"systemctl status httpd.service\" <!channel> <https://evil.example/|click> &amp; ```\n"
                  "line 3\nline 4\nline 5\nline 6 (not shown)\nline 7 (not shown)\n" + "x" * 400)


def instance(n):
    return "i-%017x" % n


def group(command, statuses):
    """command: (Status, StatusDetails, TargetCount, CompletedCount, ErrorCount); statuses: one
    (Status, StatusDetails) per instance."""
    return {"command": command, "instances": [(instance(0xa0 + i), st, det) for i, (st, det) in enumerate(statuses)]}


GROUPS = {
    "group-success": group(("Success", "Success", 3, 3, 0), [("Success", "Success")] * 3),
    "group-mixed": group(("Failed", "Failed", 3, 3, 1),
                         [("Success", "Success"), ("Failed", "Failed"), ("Failed", "Undeliverable")]),
    "group-success-undeliverable": group(("Success", "Success", 2, 2, 0),
                                         [("Success", "Success"), ("Failed", "Undeliverable")]),
    "group-large": group(("Failed", "Failed", 250, 250, 25),
                         [("Failed", "Failed") if i % 10 == 9 else ("Success", "Success") for i in range(250)]),
    "group-empty": group(("Success", "Success", 0, 0, 0), []),
    "group-in-progress": group(("InProgress", "InProgress", 3, 1, 0),
                               [("Success", "Success"), ("InProgress", "InProgress"), ("Pending", "Pending")]),
    "group-throttled": group(("Success", "Success", 2, 2, 0), [("Success", "Success")] * 2),
    "group-list-denied": group(("Success", "Success", 2, 2, 0), [("Success", "Success")] * 2),
}


def list_commands(scenario, body, n):
    """ListCommands for a group scenario: (status, answer)."""
    if scenario == "group-list-denied":
        return 400, {"__type": "AccessDeniedException", "message": "not authorized to perform: ssm:ListCommands"}
    if (scenario == "group-success" or scenario == "group-throttled") and n == 0:
        code = "InvalidCommandId" if scenario == "group-success" else "ThrottlingException"
        return 400, {"__type": code, "message": "not yet"}
    status, details, targets, completed, errors = GROUPS[scenario]["command"]
    if scenario == "group-mixed" and n == 0:
        status, details, completed, errors = "InProgress", "InProgress", 1, 0
    return 200, {"Commands": [{"CommandId": body.get("CommandId"), "Status": status, "StatusDetails": details,
                               "TargetCount": targets, "CompletedCount": completed, "ErrorCount": errors,
                               "DeliveryTimedOutCount": 0}]}


def list_command_invocations(scenario, body):
    if scenario == "group-throttled":
        return 400, {"__type": "ThrottlingException", "message": "Rate exceeded"}
    instances = GROUPS[scenario]["instances"]
    start = int(body.get("NextToken", "0"))
    size = 2 if scenario == "group-mixed" else int(body.get("MaxResults", 50))
    page = instances[start:start + size]
    answer = {"CommandInvocations": [{"CommandId": body.get("CommandId"), "InstanceId": i, "Status": st,
                                      "StatusDetails": det} for i, st, det in page]}
    if start + size < len(instances):
        answer["NextToken"] = str(start + size)
    return 200, answer


lock = threading.Lock()
requests = {}   # "<scenario>.<tag>" -> [{"target", "body"}]
counts = {}     # ("<scenario>.<tag>", operation) -> calls so far


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("x-amzn-RequestId", "stand-in-request")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, code, message):
        self.answer(400, {"__type": code, "message": message})

    def do_GET(self):
        key = self.path.strip("/").split("/")[-1]
        with lock:
            self.answer(200, requests.get(key, []))

    def record(self):
        """Reads and records a signed JSON request: (key, scenario, operation, body, how many of
        this operation came before), or None when it was refused (the answer is sent)."""
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.path.strip("/").split("/")[0]
        target = self.headers.get("X-Amz-Target", "")
        if not self.headers.get("Authorization") or not target:
            self.error("MissingAuthenticationToken", "no signature")
            return None
        operation = target.split(".")[-1]
        try:
            body = json.loads(raw)
        except ValueError:
            self.error("SerializationException", "not JSON")
            return None
        with lock:
            scope = self.headers.get("Authorization").split("Credential=")[-1].split(",")[0].split("/")
            region = scope[2] if len(scope) > 2 else ""
            requests.setdefault(key, []).append({"target": target, "region": region, "body": body})
            n = counts.get((key, operation), 0)
            counts[(key, operation)] = n + 1
        return key, key.split(".")[0], operation, body, n

    def do_POST(self):
        recorded = self.record()
        if recorded is None:
            return
        key, scenario, operation, body, n = recorded
        if operation == "SendCommand":
            if scenario == "throttle-always" or (scenario == "throttle-then-ok" and n == 0):
                return self.error("ThrottlingException", "Rate exceeded")
            return self.answer(200, {"Command": {"CommandId": "%s-command-%d" % (key, n + 1), "Status": "Pending",
                                                 "DocumentName": body.get("DocumentName")}})
        if scenario in GROUPS and operation == "ListCommands":
            return self.answer(*list_commands(scenario, body, n))
        if scenario in GROUPS and operation == "ListCommandInvocations":
            return self.answer(*list_command_invocations(scenario, body))
        found = [i for i in GROUPS.get(scenario, {"instances": []})["instances"] if i[0] == body.get("InstanceId")]
        if found and operation == "GetCommandInvocation":  # one of a group's instances (else: as "success")
            _, st, det = found[0]
            failed = st != "Success"
            return self.answer(200, {"CommandId": body.get("CommandId"), "InstanceId": found[0][0], "Status": st,
                                     "StatusDetails": det, "ResponseCode": 1 if failed else 0,
                                     "StandardOutputContent": "", "StandardErrorContent": HOSTILE_STDERR if failed else ""})
        if operation == "GetCommandInvocation":
            base = {"CommandId": body.get("CommandId"), "InstanceId": body.get("InstanceId"),
                    "StandardOutputContent": "", "StandardErrorContent": ""}
            if scenario == "failed":
                base.update(Status="Failed", StatusDetails="Failed", ResponseCode=1, StandardErrorContent=HOSTILE_STDERR)
            elif scenario == "timed-out":
                base.update(Status="TimedOut", StatusDetails="DeliveryTimedOut", ResponseCode=-1)
            elif scenario == "in-progress":
                base.update(Status="InProgress", StatusDetails="InProgress", ResponseCode=-1)
            elif scenario == "not-yet-then-success" and n < 2:
                return self.error("InvocationDoesNotExist", "")
            elif scenario == "not-yet-then-success" and n == 2:
                base.update(Status="InProgress", StatusDetails="InProgress", ResponseCode=-1)
            else:
                base.update(Status="Success", StatusDetails="Success", ResponseCode=0, StandardOutputContent="restarted")
            return self.answer(200, base)
        return self.error("InvalidAction", "not modelled: " + operation)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    serve_until_stdin_closes(server, None)


if __name__ == "__main__":
    main()
