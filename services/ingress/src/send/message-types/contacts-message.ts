// `type: contacts`: up to five contact cards. Each needs a name with `formatted_name`, as Meta
// requires; every list is bounded so one request cannot carry unbounded arrays.
import { z } from "zod";
import { envelope, httpUrl, text } from "./common-fields.ts";

const kind = z.enum(["HOME", "WORK"]).optional();

const contact = z.object({
  name: z.object({
    formatted_name: text(512),
    first_name: text(256).optional(),
    last_name: text(256).optional(),
    middle_name: text(256).optional(),
    prefix: text(64).optional(),
    suffix: text(64).optional(),
  }),
  birthday: z
    .string()
    .regex(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/, "must be YYYY-MM-DD")
    .optional(),
  phones: z
    .array(
      z.object({
        phone: text(64),
        type: z.string().max(32).optional(),
        wa_id: z
          .string()
          .regex(/^[0-9]{5,20}$/, "must be digits")
          .optional(),
      }),
    )
    .max(20)
    .optional(),
  emails: z
    .array(z.object({ email: z.email("must be an email address"), type: kind }))
    .max(20)
    .optional(),
  urls: z
    .array(z.object({ url: httpUrl, type: kind }))
    .max(20)
    .optional(),
  addresses: z
    .array(
      z.object({
        street: text(512).optional(),
        city: text(256).optional(),
        state: text(256).optional(),
        zip: text(32).optional(),
        country: text(256).optional(),
        country_code: z
          .string()
          .regex(/^[A-Za-z]{2}$/, "must be a two-letter country code")
          .optional(),
        type: kind,
      }),
    )
    .max(20)
    .optional(),
  org: z
    .object({ company: text(256).optional(), department: text(256).optional(), title: text(256).optional() })
    .optional(),
});

export const contactsMessage = z.object({
  ...envelope,
  type: z.literal("contacts"),
  contacts: z.array(contact).min(1, "must hold at least one contact").max(5, "must hold at most 5 contacts"),
});
