// Client-safe (no `server-only`): the sign-up form imports this for its strength meter.
// The meter is advisory only; the server-side policy lives in `password.ts`.
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

export type PasswordStrength = 0 | 1 | 2 | 3 | 4;

// Building the ranked dictionaries is the expensive part, so do it once, on first use,
// rather than at import time (keeps page hydration cheap until the user starts typing).
let factory: ZxcvbnFactory | undefined;

function getFactory(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  return factory;
}

/**
 * zxcvbn score 0 (trivially guessable) .. 4 (very unguessable).
 * `userInputs` (email, name, …) are treated as extra dictionary words so they lower the score.
 */
export function passwordStrength(password: string, userInputs: readonly string[] = []): PasswordStrength {
  if (password.length === 0) return 0;
  return getFactory().check(password, [...userInputs]).score;
}
