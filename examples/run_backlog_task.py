#!/usr/bin/env python3
"""A Baton worker that runs shell commands, in plain Python 3 (standard library only).

It claims the next item (long poll), runs the shell command in the item's payload
({"command": "..."}), heartbeats while the command runs, and then completes the item with a
summary and the last lines of output, or fails it with the exit status and those lines. If a
heartbeat is refused, the lease is lost: the command is stopped and nothing is reported, since
another worker may hold the item by then.

It is meant as the template for an agent in any language: all it needs is the HTTP API and a
token. Every call carries BATON_TOKEN (Authorization: Bearer ...), whose subject is the agent;
unset, on a local stack, it asks `./baton token` for one (docs/security.md).

    ./baton submit --type shell --title "Say hello" --command "echo hello"
    python3 examples/run_backlog_task.py --types shell --once

Exit status: 0 when it stopped as asked (or --once handled an item), 1 on an error, 3 when
--once found nothing to do.
"""
import argparse
import base64
import collections
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid

RETRY_DEADLINE = 60  # seconds: outlasts a restart of the claim-service


def log(message):
    print(f"[worker] {message}", file=sys.stderr, flush=True)


class Claims:
    """The claim-service's agent API, on one or several instances. Each call keeps one request id
    across its retries, whichever instance they go to: the service answers a repeat once."""

    def __init__(self, base_urls, agent, token):
        self.base_urls = [url.strip().rstrip("/") for url in base_urls.split(",")]
        if not all(self.base_urls):
            raise ValueError(f"--claims has an empty URL in '{base_urls}'")
        self.current = 0  # the instance that answered last; calls start there
        self.agent = agent
        self.token = token

    def call(self, path, body, timeout=30):
        """POST body (plus the agent); answers (status, JSON or None). What got no answer goes to the
        next instance at once; once every instance has failed in turn, it backs off and goes round
        again, until the retry deadline."""
        data = json.dumps({"agent": self.agent, **body}).encode()
        request_id = str(uuid.uuid4())
        deadline, delay = time.monotonic() + RETRY_DEADLINE, 0.1
        untried = len(self.base_urls) - 1
        while True:
            base_url = self.base_urls[self.current]
            request = urllib.request.Request(base_url + path, data=data, method="POST", headers={
                "Content-Type": "application/json", "Idempotency-Key": request_id,
                "Authorization": f"Bearer {self.token}"})
            try:
                with urllib.request.urlopen(request, timeout=timeout) as answer:
                    raw = answer.read()
                    return answer.status, json.loads(raw) if raw else None
            except urllib.error.HTTPError as e:
                if e.code not in (502, 503, 504):
                    raw = e.read()
                    return e.code, json.loads(raw) if raw else None
                failure = f"answered {e.code}"
            except (urllib.error.URLError, OSError) as e:
                failure = str(getattr(e, "reason", e))
            self.current = (self.current + 1) % len(self.base_urls)
            if untried > 0:
                untried -= 1
                log(f"{path}: {base_url} {failure}; trying {self.base_urls[self.current]}")
                continue
            untried = len(self.base_urls) - 1
            if time.monotonic() + delay > deadline:
                raise RuntimeError(f"{path}: no answer within {RETRY_DEADLINE}s ({failure})")
            log(f"{path}: {failure}; retrying in {delay:.1f}s")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    def next(self, types, lease, wait):
        status, body = self.call("/claims/next", {"types": types, "leaseSeconds": lease,
                                                  "waitSeconds": wait}, timeout=30 + wait)
        if status == 204:
            return None
        if status != 200:
            raise RuntimeError(f"claim-next answered {status}: {body}")
        return body["claims"][0]


def heartbeat_until(claims, grant, lease, process, done, lost):
    """Renews the lease every third of it until `done` is set. A refusal means the lease is lost:
    it sets `lost` and stops the command."""
    path = f"/claims/{grant['itemId']}/heartbeat"
    while not done.wait(lease / 3):
        try:
            status, body = claims.call(path, {"epoch": grant["epoch"]})
        except RuntimeError as e:
            log(f"heartbeat got no answer: {e}")
            continue
        if status in (404, 409):
            log(f"lease lost on {grant['itemId']}: {body.get('reason') if body else status}")
            lost.set()
            stop(process)
            return
        if status != 200:
            log(f"heartbeat answered {status}: {body}")


def work_on(claims, grant, lease, tail_lines):
    """Runs the item's command and reports how it went. Answers True if it reported."""
    item_id, epoch, item = grant["itemId"], grant["epoch"], grant["item"]
    command = (item.get("payload") or {}).get("command")
    log(f"claimed {item_id} epoch={epoch} attempt={item['attempt']}: {item['title']}")
    if not isinstance(command, str) or not command.strip():
        # Not ours to run (another kind of agent's item): hand it back untouched for one that can.
        claims.call(f"/claims/{item_id}/release", {"epoch": epoch, "reason": 'payload has no "command" to run'})
        log(f"released {item_id}: its payload has no command")
        return True

    started = time.monotonic()
    tail = collections.deque(maxlen=tail_lines)
    # A session of its own, so stopping the command stops whatever it started too.
    process = subprocess.Popen(["/bin/sh", "-c", command], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, errors="replace", start_new_session=True)
    done, lost = threading.Event(), threading.Event()
    threading.Thread(target=heartbeat_until, args=(claims, grant, lease, process, done, lost), daemon=True).start()
    try:
        for line in process.stdout:
            print(line, end="", flush=True)
            tail.append(line.rstrip("\n"))
        status = process.wait()
    except BaseException:
        stop(process)
        done.set()
        claims.call(f"/claims/{item_id}/release", {"epoch": epoch, "reason": "worker stopped"})
        log(f"released {item_id}")
        raise
    finally:
        done.set()
    seconds = time.monotonic() - started

    if lost.is_set():
        log(f"not reporting {item_id}: the lease was lost while the command ran")
        return False
    if status == 0:
        answer = claims.call(f"/claims/{item_id}/complete", {"epoch": epoch, "result": {
            "summary": f"ran `{command}` in {seconds:.1f}s", "tags": [item["type"]], "logs": list(tail)}})
    else:
        error = f"`{command}` exited with status {status} after {seconds:.1f}s"
        answer = claims.call(f"/claims/{item_id}/fail", {"epoch": epoch, "retryable": True,
                                                         "error": "\n".join([error, *tail])})
    code, body = answer
    log(f"{item_id}: {'completed' if status == 0 else 'failed'} -> {code} {body}")
    return code == 200


def stop(process, grace=10):
    """Stops the command and everything it started (its own process group): TERM, then KILL after
    the grace, so nothing of it still runs when its item is handed back."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            continue


def interrupted(signum, frame):
    """SIGTERM stops the worker like Ctrl-C: a running command is stopped and its item released."""
    raise KeyboardInterrupt


def token_subject(token):
    """The subject of a JWT, unverified (the claim-service verifies it): the agent it speaks for."""
    try:
        claims = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4))).get("sub")
    except (IndexError, ValueError, AttributeError):
        return None


def local_token(agent):
    """A token for agent from the local stack's key pair, through ./baton token (the one minter)."""
    baton = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "baton")
    try:
        minted = subprocess.run([baton, "token", "--subject", agent, "--role", "agent", "--ttl", "12h"],
                                capture_output=True, text=True, check=False)
    except OSError as e:
        raise RuntimeError(f"no BATON_TOKEN, and ./baton token could not run: {e}")
    if minted.returncode != 0:
        raise RuntimeError("no BATON_TOKEN, and ./baton token failed: " + minted.stderr.strip())
    return minted.stdout.strip()


def main():
    claim_port = os.environ.get("BATON_CLAIM_PORT", "8081")
    parser = argparse.ArgumentParser(description="Run shell commands from Baton's backlog.")
    parser.add_argument("--claims", default=os.environ.get("BATON_CLAIM_URL", f"http://127.0.0.1:{claim_port}"),
                        help="claim-service URL, or several instances comma-separated "
                             "[BATON_CLAIM_URL, else http://127.0.0.1:$BATON_CLAIM_PORT]")
    token = os.environ.get("BATON_TOKEN", "").strip()
    default_agent = os.environ.get("BATON_AGENT") or (token and token_subject(token)) \
        or f"py-{socket.gethostname()}-{os.getpid()}"
    parser.add_argument("--agent", default=default_agent,
                        help="the agent name to claim as [BATON_AGENT, else BATON_TOKEN's subject]")
    parser.add_argument("--types", default=os.environ.get("BATON_TYPES", "shell"),
                        help="comma-separated item types to take [BATON_TYPES, shell]")
    parser.add_argument("--lease", type=int, default=60, help="lease seconds; heartbeats every third [60]")
    parser.add_argument("--wait", type=int, default=20, help="long-poll seconds per claim (0-60) [20]")
    parser.add_argument("--tail", type=int, default=20, help="output lines reported with the result [20]")
    parser.add_argument("--once", action="store_true", help="handle at most one item, then exit")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, interrupted)
    try:
        token = token or local_token(args.agent)
    except RuntimeError as e:
        log(str(e))
        return 1
    try:
        claims = Claims(args.claims, args.agent, token)
    except ValueError as e:
        parser.error(str(e))
    types = [t.strip() for t in args.types.split(",") if t.strip()]
    if not types:
        parser.error("--types must name at least one type: other agents' items (the writer's devlog, say) "
                     "are not shell commands")
    log(f"agent {args.agent} taking {', '.join(types) or 'any type'} from {args.claims}")
    try:
        while True:
            grant = claims.next(types, args.lease, args.wait)
            if grant is None:
                if args.once:
                    log("nothing to do")
                    return 3
                continue
            work_on(claims, grant, args.lease, args.tail)
            if args.once:
                return 0
    except KeyboardInterrupt:
        log("stopped")
        return 0
    except RuntimeError as e:
        log(str(e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
