"use client";
import { browserSupportsWebAuthn } from "@simplewebauthn/browser";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => undefined;

/** Whether this browser can use passkeys; `onServer` is what the server-rendered HTML assumes. */
export function useWebAuthnSupport(onServer: boolean): boolean {
  return useSyncExternalStore(noSubscription, browserSupportsWebAuthn, () => onServer);
}
