// Things that happen because time passed: session expiry, authorization expiry and the
// settling of test-card refunds. Run before
// every request and whenever the test clock moves.
import { expireDueSessions } from "./checkout-sessions";
import { NO_REQUEST, type Emulator } from "./context";
import { expireDueAuthorizations } from "./payment-intents";
import { settleDueRefunds } from "./refunds";

export function applyDueTransitions(em: Emulator): void {
  expireDueSessions(em, NO_REQUEST);
  expireDueAuthorizations(em, NO_REQUEST);
  settleDueRefunds(em, NO_REQUEST);
}

export function advanceClock(em: Emulator, seconds: number): number {
  em.clock.advance(seconds);
  applyDueTransitions(em);
  return em.clock.now();
}
