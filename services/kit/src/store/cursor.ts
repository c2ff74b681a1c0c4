// Opaque pagination cursors: base64url of the sort key of the last item returned. Decoding a
// tampered cursor yields an invalid-argument error, never a broadened query.
import { AppError } from "../errors/app-error.ts";

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor(cursor: string, shape: readonly ("string" | "number")[]): (string | number)[] | undefined {
  if (cursor === "") return undefined;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts) && parts.length === shape.length && parts.every((p, i) => typeof p === shape[i])) {
      return parts as (string | number)[];
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError("invalid_argument", "invalid cursor");
}
