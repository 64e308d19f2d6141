import type { ActionState } from "@/lib/action-state";

/** A cart form's state: the answer, plus the one-time key its next submission carries. */
export type CartFormState = ActionState & { requestKey?: string };
