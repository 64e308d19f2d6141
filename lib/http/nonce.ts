import "server-only";
import { headers } from "next/headers";

/** This request's CSP nonce, set by proxy.ts (Next puts it on its own scripts by itself). */
export async function requestNonce(): Promise<string | undefined> {
  return (await headers()).get("x-nonce") ?? undefined;
}
