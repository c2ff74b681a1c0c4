// Graph object ids are decimal strings; clients parse and store them as such. Ours are random
// 15-digit numbers so they look and sort like Meta's and never collide in practice.
import { randomInt } from "node:crypto";

export function newGraphId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 10 ** 7)).padStart(7, "0")}${String(randomInt(0, 10 ** 7)).padStart(7, "0")}`;
}

export const GRAPH_ID = /^[0-9]{1,20}$/;
