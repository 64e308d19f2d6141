import type { ActionState } from "@/lib/action-state";

// Client-safe: the state the account forms receive from their server actions.
export type AuthActionState = ActionState & {
  /** Shown once, right after enabling 2FA or regenerating codes. */
  recoveryCodes?: string[];
  /** Sign-in: which step the form shows next, and the login ticket once every step passed. */
  step?: "password" | "second-factor";
  ticket?: string;
};
