// The Graph errors of templates, with Meta's codes and messages: a send naming no approved
// translation (132001), parameters that do not fit the template (132000), a paused (132015) or
// disabled (132016) template, and a second translation of the same name and language (100 with
// Meta's subcode 2388024). Details name the template, never a parameter's value.
import { GraphError } from "../graph/graph-error.ts";

const template = (code: number, message: string, details: string, subcode?: number) =>
  new GraphError({
    httpStatus: 400,
    code,
    type: "OAuthException",
    message,
    details,
    ...(subcode === undefined ? {} : { subcode }),
  });

export const templateDoesNotExist = (name: string, language: string) =>
  template(
    132001,
    "(#132001) Template name does not exist in the translation",
    `template name (${name}) does not exist in ${language}`,
  );

export const templateNotApproved = (name: string, language: string, status: string) =>
  template(
    132001,
    "(#132001) Template name does not exist in the translation",
    `template name (${name}) in ${language} is not approved (status ${status})`,
  );

export const parameterMismatch = (details: string) =>
  template(132000, "(#132000) Number of parameters does not match the expected number of params", details);

export const templatePaused = (name: string) =>
  template(132015, "(#132015) Template is Paused", `template (${name}) is paused due to low quality`);

export const templateDisabled = (name: string) =>
  template(132016, "(#132016) Template is Disabled", `template (${name}) is disabled due to low quality`);

export const templateExists = (name: string, language: string) =>
  template(
    100,
    "(#100) Invalid parameter",
    `there is already ${language} content for template ${name}; create a new template name instead`,
    2388024,
  );

export const templateNotFound = (name: string) =>
  template(100, "(#100) Invalid parameter", `message template ${name} was not found`);
