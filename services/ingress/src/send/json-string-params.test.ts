import { describe, expect, it } from "vitest";
import { graphErrorOf, MARK_READ_TYPING, VALID_MESSAGES } from "../../test/support/send-request-fixtures.ts";
import { parseSendRequest } from "./send-request.ts";

const V = VALID_MESSAGES;

describe("object and array parameters sent as JSON-encoded strings, as Graph reads them", () => {
  it("decodes `contacts` sent as a string (whatsapp-api-js) and validates it like the array", () => {
    const parsed = parseSendRequest({ ...V.contacts, contacts: JSON.stringify(V.contacts.contacts) });
    expect(parsed).toMatchObject({ kind: "message", type: "contacts", body: { contacts: V.contacts.contacts } });
  });

  it("drops optional nulls inside the decoded value, as for a plain object", () => {
    const contact = { ...V.contacts.contacts[0], org: null, birthday: null };
    const parsed = parseSendRequest({ ...V.contacts, contacts: JSON.stringify([contact]) });
    expect(parsed.kind === "message" && (parsed.body as { contacts: object[] }).contacts[0]).not.toHaveProperty("org");
  });

  it("decodes a string `interactive` object, choosing its family from the decoded type", () => {
    const body = V["interactive button"];
    const parsed = parseSendRequest({ ...body, interactive: JSON.stringify(body.interactive) });
    expect(parsed).toMatchObject({ kind: "message", type: "interactive", body: { interactive: body.interactive } });
  });

  it("answers 131009 naming the field when the string is not JSON", () => {
    const error = graphErrorOf({ ...V.contacts, contacts: "[{not json" });
    expect(error.code).toBe(131009);
    expect(error.details).toContain("contacts");
    expect(error.details).toContain("JSON");
  });

  it("decodes a mark-read's typing indicator sent as a string", () => {
    const body = { ...MARK_READ_TYPING, typing_indicator: JSON.stringify(MARK_READ_TYPING.typing_indicator) };
    expect(parseSendRequest(body)).toMatchObject({ kind: "read", typingIndicator: true });
  });
});
