import { randomInt } from "node:crypto";

// A short reference shoppers can read over the phone; unambiguous letters, random (not a counter,
// so it reveals nothing about order volume). Uniqueness is enforced by the database.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export function orderReference(): string {
  let out = "";
  for (let i = 0; i < 8; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
