#!/usr/bin/env python3
"""browser.py - load an HTML report in headless Chromium and check it.

Usage: browser.py [--axe AXE.js] REPORT.html [SCREENSHOT.png [MAX_HEIGHT]]

Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-
pipe: no port, no web socket, only the standard library).  Loads the page
from a file: URL and reports, one JSON object on standard output:

  console   console messages and exceptions of level error or warning
  requests  every network request the page made (its own URL excepted)
  svg       the number of inline <svg> charts; tables, the <table>s
  active    elements that could run or fetch something (script, img,
            iframe, link, event handlers, javascript: links)
  figures   charts that have a data table after them (for screen readers)
  title     the document's title
  axe       with --axe: the accessibility violations axe-core (the file
            given, axe.min.js from npm) finds on the page, each with its
            rule id, impact, help text, node count and first targets

and writes a screenshot of the page when asked (its top MAX_HEIGHT
pixels, by default the whole page up to 16000).  Exits 2 when Chromium
cannot be started or does not answer.
"""
import base64
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time


def main():
    args = sys.argv[1:]
    axe = None
    if len(args) >= 2 and args[0] == "--axe":
        with open(args[1], encoding="utf-8") as f:
            axe = f.read()
        args = args[2:]
    if len(args) < 1:
        print(__doc__, file=sys.stderr)
        return 2
    page = os.path.abspath(args[0])
    shot = args[1] if len(args) > 1 else None
    max_h = int(args[2]) if len(args) > 2 else 16000
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        print("browser.py: chromium not found", file=sys.stderr)
        return 2
    profile = tempfile.mkdtemp(prefix="gd-browser.")
    # fd 3: commands to Chromium; fd 4: its answers.
    cmd_r, cmd_w = os.pipe()
    res_r, res_w = os.pipe()

    def child():
        os.dup2(cmd_r, 3)
        os.dup2(res_w, 4)

    flags = ["--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             "--disable-default-apps", "--disable-extensions",
             "--remote-debugging-pipe", "--user-data-dir=" + profile,
             "--window-size=1000,800", "about:blank"]
    proc = subprocess.Popen([exe] + flags, pass_fds=(3, 4),
                            preexec_fn=child, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(cmd_r)
    os.close(res_w)
    out = os.fdopen(cmd_w, "wb", buffering=0)
    inp = os.fdopen(res_r, "rb", buffering=0)
    buf = b""
    events = []
    next_id = [0]

    def read_msg(deadline):
        nonlocal buf
        while b"\0" not in buf:
            left = deadline - time.time()
            if left <= 0 or not select.select([inp], [], [], left)[0]:
                raise TimeoutError("no answer from chromium")
            chunk = inp.read(65536)
            if not chunk:
                raise EOFError("chromium closed the pipe")
            buf += chunk
        msg, buf = buf.split(b"\0", 1)
        return json.loads(msg)

    def send(method, params=None, session=None, timeout=30):
        if os.environ.get("GD_BROWSER_DEBUG"):
            print("browser.py: " + method, file=sys.stderr)
        next_id[0] += 1
        m = {"id": next_id[0], "method": method, "params": params or {}}
        if session:
            m["sessionId"] = session
        out.write(json.dumps(m).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            r = read_msg(deadline)
            if r.get("id") == next_id[0]:
                if "error" in r:
                    raise RuntimeError("%s: %s" % (method, r["error"]))
                return r.get("result", {})
            events.append(r)

    def wait_event(name, timeout=30):
        deadline = time.time() + timeout
        for i, e in enumerate(events):
            if e.get("method") == name:
                del events[i]
                return e
        while True:
            e = read_msg(deadline)
            if e.get("method") == name:
                return e
            events.append(e)

    try:
        target = send("Target.createTarget", {"url": "about:blank"})
        sess = send("Target.attachToTarget", {"targetId": target["targetId"],
                                              "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log", "Network"):
            send(domain + ".enable", session=sess)
        url = "file://" + page
        if axe is not None:
            # The report's policy forbids scripts; the checker is the
            # test's own, so the policy is set aside for it alone.
            send("Page.setBypassCSP", {"enabled": True}, session=sess)
        send("Page.navigate", {"url": url}, session=sess)
        wait_event("Page.loadEventFired")
        # Let late work (fonts, layout, any request) happen.
        time.sleep(0.5)
        probe = send("Runtime.evaluate", {"expression": """JSON.stringify({
            svg: document.querySelectorAll('svg').length,
            tables: document.querySelectorAll('table').length,
            figures: Array.from(document.querySelectorAll('figure')).filter(
                f => f.nextElementSibling &&
                     f.nextElementSibling.tagName === 'TABLE').length,
            active: document.querySelectorAll('script, img, iframe, object, embed, link, [onerror], [onload], a[href^="javascript"]').length,
            title: document.title,
            height: document.documentElement.scrollHeight})""",
            "returnByValue": True}, session=sess)
        facts = json.loads(probe["result"]["value"])
        if axe is not None:
            send("Runtime.evaluate", {"expression": axe}, session=sess)
            res = send("Runtime.evaluate", {"expression": """
                axe.run(document, {resultTypes: ['violations']}).then(r =>
                    JSON.stringify(r.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.length,
                        targets: v.nodes.slice(0, 3).map(
                            n => n.target.join(' '))}))))""",
                "awaitPromise": True, "returnByValue": True},
                session=sess, timeout=120)
            if "exceptionDetails" in res:
                raise RuntimeError("axe: %s" % res["exceptionDetails"])
            facts["axe"] = json.loads(res["result"]["value"])
        if shot:
            h = min(int(facts["height"]), max_h)
            send("Emulation.setDeviceMetricsOverride",
                 {"width": 1000, "height": h, "deviceScaleFactor": 1,
                  "mobile": False}, session=sess)
            png = send("Page.captureScreenshot", {"format": "png"},
                       session=sess)
            with open(shot, "wb") as f:
                f.write(base64.b64decode(png["data"]))
        # Drain what is left.
        try:
            while True:
                events.append(read_msg(time.time() + 0.3))
        except (TimeoutError, EOFError):
            pass
    except (TimeoutError, EOFError, RuntimeError, KeyError) as e:
        print("browser.py: %s" % e, file=sys.stderr)
        proc.kill()
        shutil.rmtree(profile, ignore_errors=True)
        return 2
    console, requests = [], []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error",
                                                                "warning"):
            console.append(" ".join(str(a.get("value", a.get("description")))
                                    for a in p.get("args", [])))
        elif m == "Runtime.exceptionThrown":
            console.append(p["exceptionDetails"].get("text", "exception"))
        elif m == "Log.entryAdded" and p["entry"]["level"] in ("error",
                                                               "warning"):
            console.append(p["entry"].get("text", ""))
        elif m == "Network.requestWillBeSent":
            u = p["request"]["url"]
            if u != url:
                requests.append(u)
    try:
        send("Browser.close", timeout=5)
    except Exception:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    shutil.rmtree(profile, ignore_errors=True)
    facts.pop("height", None)
    facts.update({"console": console, "requests": requests})
    print(json.dumps(facts, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
