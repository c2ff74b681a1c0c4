// A pass-through stream that fails as soon as more than `maxBytes` went through, so an oversized
// upload stops at the limit instead of being stored and measured afterwards.
import { Transform } from "node:stream";

export function byteLimit(maxBytes: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(tooLarge());
      else callback(null, chunk);
    },
  });
}
