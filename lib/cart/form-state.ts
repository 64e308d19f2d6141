import type { ActionState } from "@/lib/action-state";

/**
 * A cart form's state: the answer, plus the one-time key its next submission carries and, after
 * an add, how many items the cart holds (the header shows it).
 */
export type CartFormState = ActionState & { requestKey?: string; itemCount?: number };
