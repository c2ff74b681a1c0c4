// Checks a template send against the business's translation it names, as Meta does before it
// accepts the send: the translation must exist and be APPROVED (132001 otherwise; PAUSED 132015,
// DISABLED 132016; FLAGGED still sends), and the parameters must fit its components (132000): one header parameter of
// the header's kind when it has a variable or media, exactly as many body parameters as the body
// has variables (by name for NAMED templates), button parameters only for buttons that exist and
// take one, and one for every URL button with a variable. Pure: the record is looked up elsewhere.
import type { z } from "zod";
import type { templateMessage } from "../send/message-types/template-message.ts";
import {
  parameterMismatch,
  templateDisabled,
  templateDoesNotExist,
  templateNotApproved,
  templatePaused,
} from "./template-errors.ts";
import type { TemplateRecord } from "./template-records.ts";
import { type TemplateNeeds, templateNeeds } from "./template-variables.ts";

export type TemplateSend = z.output<typeof templateMessage>["template"];
type SendComponent = NonNullable<TemplateSend["components"]>[number];
type SendParameter = SendComponent["parameters"] extends (infer P)[] | undefined ? P : never;

const BODY_TYPES = new Set(["text", "currency", "date_time"]);
/** A send's button sub_type, by the template button types it may address. */
const BUTTON_SUB_TYPES: Record<string, readonly string[]> = {
  quick_reply: ["QUICK_REPLY"],
  url: ["URL", "OTP"],
  copy_code: ["COPY_CODE", "OTP"],
  flow: ["FLOW"],
  catalog: ["CATALOG", "MPM"],
};

function checkHeader(needs: TemplateNeeds, header: SendComponent | undefined): void {
  const given = header?.parameters ?? [];
  const needed =
    needs.header === "text"
      ? needs.headerVariables.length
      : needs.header === "none" || needs.header === "location"
        ? 0
        : 1;
  // A location header's parameter has no schema here yet: whatever the send gives is left to Meta.
  if (needs.header === "location") return;
  if (given.length !== needed) {
    throw parameterMismatch(`header: expected ${needed} parameter(s), received ${given.length}`);
  }
  const expectedType = needs.header === "text" ? "text" : needs.header;
  const wrong = given.find((parameter) => parameter.type !== expectedType);
  if (wrong) throw parameterMismatch(`header: expected a ${expectedType} parameter, received ${wrong.type}`);
}

function checkBody(record: TemplateRecord, needs: TemplateNeeds, body: SendComponent | undefined): void {
  const given: SendParameter[] = body?.parameters ?? [];
  const expected = needs.bodyVariables.length;
  if (given.length !== expected) {
    throw parameterMismatch(`body: expected ${expected} parameter(s), received ${given.length}`);
  }
  const wrong = given.find((parameter) => !BODY_TYPES.has(parameter.type));
  if (wrong) throw parameterMismatch(`body: a ${wrong.type} parameter cannot fill a body variable`);
  if (record.parameterFormat !== "NAMED") return;
  const names = new Set(needs.bodyVariables);
  for (const parameter of given) {
    const name = "parameter_name" in parameter ? parameter.parameter_name : undefined;
    if (name === undefined || !names.delete(name)) {
      throw parameterMismatch(`body: parameter_name ${name ?? "(missing)"} is not a variable of the template`);
    }
  }
}

function checkButtons(needs: TemplateNeeds, buttons: readonly SendComponent[]): void {
  const given = new Map<number, SendComponent>();
  for (const component of buttons) {
    if (component.type !== "button") continue;
    const index = Number(component.index);
    const button = needs.buttons[index];
    if (!button) throw parameterMismatch(`button ${index}: the template has no such button`);
    if (!(BUTTON_SUB_TYPES[component.sub_type] ?? []).includes(button.type)) {
      throw parameterMismatch(`button ${index}: sub_type ${component.sub_type} does not fit a ${button.type} button`);
    }
    if (component.parameters.length !== 1) {
      throw parameterMismatch(`button ${index}: expected 1 parameter, received ${component.parameters.length}`);
    }
    given.set(index, component);
  }
  for (const button of needs.buttons) {
    if (button.requiresParameter && !given.has(button.index)) {
      throw parameterMismatch(`button ${button.index}: expected 1 parameter, received 0`);
    }
  }
}

/** Throws the Graph error Meta answers when `send` cannot be sent with `record`. */
export function checkTemplateSend(record: TemplateRecord | undefined, send: TemplateSend): void {
  const { name } = send;
  const language = send.language.code;
  if (!record) throw templateDoesNotExist(name, language);
  if (record.status === "PAUSED") throw templatePaused(name);
  if (record.status === "DISABLED") throw templateDisabled(name);
  // A FLAGGED template is at risk of a pause but can still be sent, as on Meta.
  if (record.status !== "APPROVED" && record.status !== "FLAGGED") {
    throw templateNotApproved(name, language, record.status);
  }
  const components = send.components ?? [];
  const needs = templateNeeds(record.components, record.category);
  checkHeader(
    needs,
    components.find((c) => c.type === "header"),
  );
  checkBody(
    record,
    needs,
    components.find((c) => c.type === "body"),
  );
  checkButtons(needs, components);
}
