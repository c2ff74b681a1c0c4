// Meta's webhook verification handshake: `GET ?hub.mode=subscribe&hub.verify_token=…&
// hub.challenge=…` must echo the challenge when the token is ours. It never echoes anything for a
// wrong token or mode, so the endpoint cannot be claimed by someone who does not know the token.
import { secretsEqual } from "../tenancy/access-token.ts";

export type HandshakeQuery = Readonly<Record<string, unknown>>;

/** The challenge to echo, or undefined when the handshake must be refused. */
export function handshakeChallenge(query: HandshakeQuery, verifyToken: string): string | undefined {
  const mode = query["hub.mode"];
  const token = query["hub.verify_token"];
  const challenge = query["hub.challenge"];
  if (mode !== "subscribe" || typeof token !== "string" || typeof challenge !== "string") return undefined;
  if (challenge.length === 0 || challenge.length > 256) return undefined;
  return secretsEqual(token, verifyToken) ? challenge : undefined;
}
