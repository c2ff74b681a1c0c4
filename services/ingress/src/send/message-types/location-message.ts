// `type: location`: coordinates (numbers, or numeric strings as the spec writes them) with an
// optional name and address.
import { z } from "zod";
import { envelope, text } from "./common-fields.ts";

const coordinate = (limit: number) =>
  z
    .union([z.number(), z.string().regex(/^-?[0-9]{1,3}(\.[0-9]{1,15})?$/, "must be a number")])
    .transform(Number)
    .refine((value) => Math.abs(value) <= limit, `must be between -${limit} and ${limit}`);

export const locationMessage = z.object({
  ...envelope,
  type: z.literal("location"),
  location: z.object({
    latitude: coordinate(90),
    longitude: coordinate(180),
    name: text(1000).optional(),
    address: text(1000).optional(),
  }),
});
