// Benchmark data, written with batched createMany: a catalog grown to 1,000 products beside the
// demo catalog, and a history of past orders for the fraud-evaluation measurement.
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { catalog } from "@/prisma/catalog";

export const ADJECTIVES = [
  "rustic",
  "modern",
  "classic",
  "compact",
  "durable",
  "light",
  "organic",
  "vintage",
  "sturdy",
  "soft",
  "bright",
  "quiet",
  "warm",
  "slim",
  "rugged",
  "smooth",
];
export const MATERIALS = [
  "oak",
  "linen",
  "steel",
  "wool",
  "ceramic",
  "bamboo",
  "leather",
  "cotton",
  "glass",
  "walnut",
  "copper",
  "canvas",
];
export const NOUNS = [
  "lamp",
  "bowl",
  "chair",
  "scarf",
  "kettle",
  "basket",
  "notebook",
  "blanket",
  "tray",
  "vase",
  "jacket",
  "bag",
  "clock",
  "shelf",
  "pan",
  "mug",
];

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

/** Adds generated products until the catalog holds `total` products. Returns how many exist. */
export async function seedBenchCatalog(db: Db, total = 1000): Promise<number> {
  const existing = await db.product.count();
  const categories = await db.category.findMany({ select: { id: true } });
  const images = catalog.flatMap((c) => c.products.map((p) => p.slug));
  const rows = [];
  for (let i = existing; i < total; i++) {
    const name =
      `${pick(ADJECTIVES, i)} ${pick(MATERIALS, Math.floor(i / 3))} ${pick(NOUNS, Math.floor(i / 7))} ${i}`.replace(
        /^\w/,
        (c) => c.toUpperCase(),
      );
    const description = `A ${pick(ADJECTIVES, i + 5)} ${pick(NOUNS, i + 2)} in ${pick(MATERIALS, i + 1)}, made for everyday use. Model ${i}.`;
    const slug = `bench-${i}-${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`.slice(0, 90).replace(/-+$/, "");
    rows.push({
      slug,
      sku: `BENCH-${String(i).padStart(6, "0")}`,
      name,
      description,
      searchText: `${name} ${description}`.toLowerCase(),
      priceCents: 500 + ((i * 37) % 20_000),
      stock: 1000,
      imagePath: `/products/${pick(images, i)}.svg`,
      imageAlt: `${name} product illustration`,
      categoryId: pick(categories, i).id,
    });
  }
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await db.product.createMany({ data: batch });
    // Each product sold in one form: one variant with its SKU, price and stock, keyed as the migration keys them.
    const ids = await db.product.findMany({
      where: { slug: { in: batch.map((r) => r.slug) } },
      select: { id: true, sku: true, priceCents: true, stock: true },
    });
    await db.productVariant.createMany({
      data: ids.map((p) => ({ id: `v${p.id}`, productId: p.id, sku: p.sku, priceCents: p.priceCents, stock: p.stock })),
    });
  }
  return db.product.count();
}

const COUNTRIES = ["GB", "US", "DE", "FR", "NL", "SE", "ES", "IT"];

/**
 * `count` past orders from 5,000 customers (emails), each with a payment from one of 20,000
 * cards, spread over the last `days` days (180): enough history for every fraud rule's lookback
 * query to have real work. Returns the customer email and card fingerprint of a heavy customer.
 */
export async function seedOrderHistory(
  db: Db,
  count = 100_000,
  batch = 5_000,
  days = 180,
): Promise<{ email: string; fingerprint: string }> {
  const now = Date.now();
  const tag = randomBytes(4).toString("hex");
  for (let start = 0; start < count; start += batch) {
    const orders = [];
    const payments = [];
    const attempts = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const id = `benchorder${tag}${String(i).padStart(7, "0")}`;
      const createdAt = new Date(now - ((i * 7919) % (days * 86_400)) * 1000);
      const country = pick(COUNTRIES, i);
      orders.push({
        id,
        reference: `B${tag}${String(i).padStart(7, "0")}`.toUpperCase(),
        email: `customer${i % 5000}@example.org`,
        status: "PAID",
        currency: "usd",
        subtotalCents: 2000 + (i % 9000),
        shippingCents: 500,
        totalCents: 2500 + (i % 9000),
        ip: `203.0.113.${i % 250}`,
        ipCountry: country,
        shippingName: `Customer ${i % 5000}`,
        shippingLine1: `${i % 300} High Street`,
        shippingCity: "London",
        shippingPostal: "N1 9GU",
        shippingCountry: country,
        paymentIntentId: `pi_bench_${tag}_${i}`,
        paidAt: createdAt,
        createdAt,
      });
      payments.push({
        orderId: id,
        paymentIntentId: `pi_bench_${tag}_${i}`,
        status: "succeeded",
        amountAuthorized: 2500 + (i % 9000),
        amountCaptured: 2500 + (i % 9000),
        cardBrand: "visa",
        cardLast4: String(1000 + (i % 9000)).slice(-4),
        cardCountry: country,
        cardFingerprint: `fp${String(i % 20_000).padStart(14, "0")}`,
        cardholderName: `Customer ${i % 5000}`,
        billingCountry: country,
        createdAt,
      });
      // Every order's authorized attempt, and for one order in four a declined card before it:
      // the fraud rules read every attempt linked by account, email, address, cart or card.
      const attempt = {
        paymentIntentId: `pi_bench_${tag}_${i}`,
        orderId: id,
        emailNormalized: `customer${i % 5000}@example.org`,
        ip: `203.0.113.${i % 250}`,
        cardBrand: "visa",
        cardCountry: country,
        attemptedAt: createdAt,
      };
      attempts.push({
        ...attempt,
        attemptKey: `ch_bench_${tag}_${i}`,
        outcome: "AUTHORIZED",
        cardFingerprint: `fp${String(i % 20_000).padStart(14, "0")}`,
        cardLast4: String(1000 + (i % 9000)).slice(-4),
      });
      if (i % 4 === 0)
        attempts.push({
          ...attempt,
          attemptKey: `ch_bench_${tag}_${i}_d`,
          outcome: "DECLINED",
          declineCode: "generic_decline",
          errorCode: "card_declined",
          cardFingerprint: `fpd${String(i % 30_000).padStart(13, "0")}`,
          cardLast4: "0002",
        });
    }
    await db.order.createMany({ data: orders });
    await db.payment.createMany({ data: payments });
    await db.paymentAttempt.createMany({ data: attempts });
  }
  return { email: "customer42@example.org", fingerprint: `fp${String(42).padStart(14, "0")}` };
}
