"""Runs the PyPI Cloud API client libraries, unchanged, against a started platform.

Same steps as npm-clients.ts: a customer writes in (a signed Meta webhook, so the 24-hour window is
open), then each library sends text, the approved hello_world template, an image by link, reply
buttons, a reaction and a mark-as-read, and pywa verifies the signed delivery the business
received. Run it with the venv the libraries are installed in (README "Works with your client"):

    /tmp/client-compat/venv/bin/python tools/client-compat/python_clients.py /tmp/client-compat-target.json

Prints one line per step and "N passed, N failed"; exits 1 when a step failed. Standard library
plus the two clients (and httpx, which pywa brings) only; never calls the internet.
"""

import hashlib
import hmac
import http.server
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
import urllib.request

import heyoo
import httpx
import pywa
from pywa import utils as pywa_utils
from pywa.types import Button, Contact
from pywa.types.templates import TemplateLanguage

INBOUND_TEXT = "Olá! Café ☕ 👋"
IMAGE_LINK = "https://example.com/media/coffee.png"
target = json.load(open(sys.argv[1] if len(sys.argv) > 1 else "/tmp/client-compat-target.json"))
ingress = urllib.parse.urlsplit(target["ingressUrl"])
results = []


def step(library, name, run):
    try:
        result = run()
        results.append((True, library, name, "done" if result is None else str(result)[:300]))
    except Exception as error:  # a failed step is an outcome, not a crash
        results.append((False, library, name, f"{type(error).__name__}: {error}"[:300]))


def message_id(response):
    found = (response or {}).get("messages", [{}])[0].get("id", "")
    if not found.startswith("wamid."):
        raise RuntimeError(f"no message id in {json.dumps(response)[:250]}")
    return found


def success(response):
    if (response or {}).get("success") is not True:
        raise RuntimeError(f"no success in {json.dumps(response)[:250]}")
    return response


class Receiver(http.server.BaseHTTPRequestHandler):
    """The business's callback: answers Meta's handshake and keeps each signed POST."""

    verify_token = secrets.token_hex(8)
    app_secret = secrets.token_hex(16)
    deliveries = []

    def do_GET(self):
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        ok = query.get("hub.verify_token", [""])[0] == self.verify_token
        self.send_response(200 if ok else 403)
        self.end_headers()
        self.wfile.write(query.get("hub.challenge", [""])[0].encode() if ok else b"")

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("content-length", "0")))
        self.deliveries.append((raw, self.headers.get("x-hub-signature-256", "")))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def post_json(path, body, headers):
    request = urllib.request.Request(
        target["ingressUrl"] + path, data=body, headers={"content-type": "application/json", **headers}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status


def customer_writes_in(wa_id):
    """A customer writes in, as Meta would deliver it; returns the inbound wamid."""
    inbound_id = "wamid." + secrets.token_urlsafe(18)
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": target["displayPhoneNumber"], "phone_number_id": target["phoneNumberId"]},
        "contacts": [{"profile": {"name": "Compat Customer"}, "wa_id": wa_id}],
        "messages": [
            {"from": wa_id, "id": inbound_id, "timestamp": str(int(time.time())), "type": "text", "text": {"body": INBOUND_TEXT}}
        ],
    }
    body = json.dumps(
        {"object": "whatsapp_business_account", "entry": [{"id": target["businessId"], "changes": [{"field": "messages", "value": value}]}]}
    ).encode()
    signature = "sha256=" + hmac.new(target["upstreamAppSecret"].encode(), body, hashlib.sha256).hexdigest()
    post_json("/webhooks/meta", body, {"x-hub-signature-256": signature})
    return inbound_id


def wait_for_delivery(inbound_id, timeout_s=20):
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        for raw, signature in Receiver.deliveries:
            if inbound_id.encode() in raw:
                return raw, signature
        time.sleep(0.2)
    raise RuntimeError(f"no webhook delivery for {inbound_id}")


def redirect_to_platform(request: httpx.Request):
    """pywa has no base-URL option; an httpx request hook on the session it accepts moves its calls."""
    if request.url.host == "graph.facebook.com":
        request.url = request.url.copy_with(scheme=ingress.scheme, host=ingress.hostname, port=ingress.port)
        request.headers["host"] = ingress.netloc


def run_pywa(to):
    lib = f"pywa@{pywa.__version__}"
    wa = pywa.WhatsApp(
        phone_id=target["phoneNumberId"],
        token=target["accessToken"],
        api_version="23.0",
        session=httpx.Client(event_hooks={"request": [redirect_to_platform]}),
    )
    inbound_id = customer_writes_in(to)
    raw, signature = wait_for_delivery(inbound_id)
    step(lib, "text", lambda: wa.send_message(to=to, text="hello from pywa").id)
    step(lib, "template", lambda: wa.send_template(to=to, name="hello_world", language=TemplateLanguage.ENGLISH_US).id)
    step(lib, "image by link", lambda: wa.send_image(to=to, image=IMAGE_LINK, caption="a caption").id)
    step(
        lib,
        "reply buttons",
        lambda: wa.send_message(
            to=to, text="Coffee?", buttons=[Button(title="Yes", callback_data="yes"), Button(title="No", callback_data="no")]
        ).id,
    )
    step(lib, "reaction", lambda: wa.send_reaction(to=to, emoji="👍", message_id=inbound_id).id)
    step(lib, "mark as read", lambda: wa.mark_message_as_read(message_id=inbound_id))
    step(lib, "typing indicator", lambda: wa.indicate_typing(message_id=inbound_id))
    # pywa writes every optional contact field, unset ones as null (issue 9's null-for-absent case).
    contact = Contact(name=Contact.Name(formatted_name="Ana Lima", first_name="Ana"), phones=[Contact.Phone(phone="+16505550123")])
    step(lib, "contacts (nulls)", lambda: wa.send_contact(to=to, contact=contact).id)
    step(lib, "location request", lambda: wa.request_location(to=to, text="Where should we deliver?").id)
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000" "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    step(lib, "upload media", lambda: wa.upload_media(media=png, mime_type="image/png", filename="dot.png").id)
    step(lib, "image by upload", lambda: wa.send_image(to=to, image=png, mime_type="image/png", caption="uploaded").id)

    def verify():
        # pywa verifies over the raw bytes as received.
        if not pywa_utils.webhook_updates_validator(Receiver.app_secret, raw, signature):
            raise RuntimeError("webhook_updates_validator returned False")
        return "signature valid"

    step(lib, "verify webhook", verify)


def run_heyoo(to):
    lib = "heyoo@0.1.2"
    messenger = heyoo.WhatsApp(token=target["accessToken"], phone_number_id=target["phoneNumberId"])
    # No base-URL option: the three URLs it builds in __init__ are plain attributes.
    messenger.base_url = f"{target['ingressUrl']}/v14.0"
    messenger.v15_base_url = f"{target['ingressUrl']}/v15.0"
    messenger.url = f"{messenger.base_url}/{target['phoneNumberId']}/messages"
    inbound_id = customer_writes_in(to)
    wait_for_delivery(inbound_id)
    step(lib, "text", lambda: message_id(messenger.send_message("hello from heyoo", to)))
    step(lib, "template", lambda: message_id(messenger.send_template("hello_world", to, components=[], lang="en_US")))
    step(lib, "template, components=None", lambda: message_id(messenger.send_template("hello_world", to, components=None)))
    step(lib, "image by link", lambda: message_id(messenger.send_image(IMAGE_LINK, to)))
    step(
        lib,
        "reply buttons",
        lambda: message_id(
            messenger.send_reply_button(
                {
                    "type": "button",
                    "body": {"text": "Coffee?"},
                    "action": {"buttons": [{"type": "reply", "reply": {"id": "yes", "title": "Yes"}}]},
                },
                to,
            )
        ),
    )
    step(lib, "reaction", lambda: message_id(messenger.send_reaction("👍", inbound_id, to)))
    step(lib, "mark as read", lambda: success(messenger.mark_as_read(inbound_id)))


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()
callback = f"http://127.0.0.1:{server.server_address[1]}/webhook"
post_json(
    "/v1/webhook-subscriptions",
    json.dumps({"callback_url": callback, "verify_token": Receiver.verify_token, "app_secret": Receiver.app_secret}).encode(),
    {"authorization": f"Bearer {target['accessToken']}"},
)
only = os.environ.get("CLIENT_COMPAT_ONLY", "pywa,heyoo").split(",")
for index, (name, run) in enumerate([("pywa", run_pywa), ("heyoo", run_heyoo)]):
    if name in only:
        step(name, "(library run)", lambda: run(f"1650556{2000 + index * 37 + secrets.randbelow(30):04d}"))
server.shutdown()
for ok, library, name, detail in results:
    print(f"{'ok  ' if ok else 'FAIL'} {library:<24} {name:<26} {detail}")
failed = sum(1 for ok, *_ in results if not ok)
print(f"{len(results) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
