let cardCounter = 0;

/**
 * A fresh Luhn-valid Visa number the emulator accepts as a plain success card. Tests that are not
 * about fraud use a new card (and email) per order so the fraud rules that count cards stay quiet.
 */
export function uniqueCard(): string {
  cardCounter += 1;
  const body = `41111${String(process.pid % 1000).padStart(3, "0")}${String(cardCounter).padStart(7, "0")}`;
  for (let check = 0; check <= 9; check++) {
    const digits = body + String(check);
    let sum = 0;
    for (let i = 0; i < digits.length; i++) {
      let d = Number(digits[digits.length - 1 - i]);
      if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

/**
 * Stripe's documented test cards the emulator gives special behaviour (docs/stripe-emulator.md,
 * emulator/cards.ts). Declines keep the session open for another card.
 */
export const TEST_CARDS = {
  genericDecline: "4000000000000002",
  insufficientFunds: "4000000000009995",
  lostCard: "4000000000009987",
  stolenCard: "4000000000009979",
  expiredCard: "4000000000000069",
  incorrectCvc: "4000000000000127",
  processingError: "4000000000000119",
  issuedInGermany: "4000002760000016",
  issuedInUnitedKingdom: "4000008260000000",
} as const;
