import type { CardFacts } from "./types";

// "The Visa card ending 4242" for messages; never more of the card than the provider showed us.
export function cardLabel(card: CardFacts | null): string {
  if (!card) return "The card";
  const brand = card.brand ? `${card.brand.charAt(0).toUpperCase()}${card.brand.slice(1)} ` : "";
  return card.last4 ? `The ${brand}card ending ${card.last4}` : `The ${brand}card`;
}
