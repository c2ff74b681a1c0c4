import { describe, expect, it } from "vitest";
import { handshakeChallenge } from "./webhook-handshake.ts";

const token = "verify-token-of-this-installation";

describe("webhook verification handshake", () => {
  it("echoes the challenge for mode subscribe and our verify token", () => {
    expect(
      handshakeChallenge({ "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "1158201444" }, token),
    ).toBe("1158201444");
  });

  it("refuses a wrong token, a wrong mode, or missing parameters", () => {
    const good = { "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "42" };
    expect(handshakeChallenge({ ...good, "hub.verify_token": "guess" }, token)).toBeUndefined();
    expect(handshakeChallenge({ ...good, "hub.verify_token": `${token}x` }, token)).toBeUndefined();
    expect(handshakeChallenge({ ...good, "hub.mode": "unsubscribe" }, token)).toBeUndefined();
    expect(handshakeChallenge({ "hub.mode": "subscribe", "hub.verify_token": token }, token)).toBeUndefined();
    expect(handshakeChallenge({ "hub.mode": "subscribe", "hub.challenge": "42" }, token)).toBeUndefined();
    expect(handshakeChallenge({}, token)).toBeUndefined();
  });

  it("refuses repeated parameters (arrays) and oversized challenges", () => {
    const good = { "hub.mode": "subscribe", "hub.verify_token": token, "hub.challenge": "42" };
    expect(handshakeChallenge({ ...good, "hub.verify_token": [token, token] }, token)).toBeUndefined();
    expect(handshakeChallenge({ ...good, "hub.challenge": "9".repeat(257) }, token)).toBeUndefined();
  });
});
