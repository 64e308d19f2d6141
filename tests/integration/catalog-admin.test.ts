import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import {
  archiveProduct,
  createProduct,
  deleteProduct,
  productCategories,
  productForEdit,
  restoreProduct,
  searchProducts,
  updateProduct,
} from "@/lib/catalog/admin";
import { exportProductsCsv } from "@/lib/catalog/export";
import { applyProductImport, previewProductImport } from "@/lib/catalog/import";
import { adjustStock } from "@/lib/catalog/stock-adjustments";
import { startCheckout, type CheckoutContext } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, startPayments, uniqueEmail } from "../support/payments";
import { createCustomerActor, createStaff, testKeyring } from "./admin-helpers";

const address = {
  name: "Ada Lovelace",
  line1: "1 Analytical Way",
  city: "London",
  postalCode: "N1 9GU",
  country: "GB",
};

describe.each(providers())("catalog management on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      await alertOnly(db);
      const keyring = testKeyring();
      const customerActor = await createCustomerActor(db);
      const category = await db.category.findFirstOrThrow({ where: { slug: "home-kitchen" } });
      return {
        pay: await startPayments(db),
        admin: await createStaff(db, keyring, "ADMIN"),
        reviewer: await createStaff(db, keyring, "REVIEWER"),
        customerActor,
        category,
      };
    },
    ({ pay }) => pay.close(),
  );
  const admin = () => t.admin.actor;
  const ctx = (cartToken: string): CheckoutContext => ({
    cartToken,
    userId: null,
    ip: "81.2.69.142",
    ipCountry: "GB",
    appUrl: "http://shop.test",
  });
  const checkout = async (productId: string, quantity = 1) => {
    const { token } = await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId, quantity });
    return startCheckout(t.db, t.pay.stripe, ctx(token), { ...address, email: uniqueEmail() });
  };
  const product = (id: string) => t.db.product.findUniqueOrThrow({ where: { id } });
  const audits = (id: string) =>
    t.db.auditLog.findMany({ where: { target: `product:${id}` }, orderBy: { seq: "asc" } });
  const input = (over: Record<string, unknown> = {}) => ({
    name: "Enamel Camp Mug",
    slug: "enamel-camp-mug",
    sku: "mug-enamel-1",
    description: "A speckled enamel mug, 400 ml.",
    categoryId: t.category.id,
    priceCents: "1900",
    active: "on",
    ...over,
  });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e as AppError,
    );

  it("refuses customers (404), reviewers (403) and the signed out on every catalog action, changing nothing", async () => {
    const target = await t.db.product.findUniqueOrThrow({ where: { slug: "chef-knife" } });
    const before = { products: await t.db.product.count(), audit: await t.db.auditLog.count(), target };
    const importFile = new File(
      [
        `"SKU","Slug","Name","Category slug","Price (minor units)","State","Description"\r\n"${target.sku}","${target.slug}","Cheap","home-kitchen","1","active","x"\r\n`,
      ],
      "p.csv",
    );
    const actions = (actor: Actor | null) => [
      searchProducts(t.db, actor, {}),
      productCategories(t.db, actor),
      productForEdit(t.db, actor, target.id),
      createProduct(t.db, actor, input()),
      updateProduct(t.db, actor, target.id, input({ slug: target.slug, sku: target.sku, priceCents: "1" })),
      archiveProduct(t.db, actor, target.id),
      restoreProduct(t.db, actor, target.id),
      deleteProduct(t.db, actor, target.id),
      adjustStock(t.db, actor, target.id, { delta: "-1", reason: "DAMAGED" }),
      exportProductsCsv(t.db, actor, {}, { now: new Date() }),
      previewProductImport(t.db, actor, { file: importFile }),
      applyProductImport(t.db, actor, { file: importFile, digest: "0".repeat(64) }),
    ];
    for (const [actor, code] of [
      [t.customerActor, "NOT_FOUND"],
      [t.reviewer.actor, "FORBIDDEN"],
      [null, "UNAUTHENTICATED"],
    ] as const) {
      const errors = await Promise.all(actions(actor).map((p) => failure(p)));
      expect(errors.map((e) => e.code)).toEqual(errors.map(() => code));
    }
    expect(await t.db.product.count()).toBe(before.products);
    expect(await t.db.auditLog.count()).toBe(before.audit);
    expect(await product(target.id)).toEqual(before.target);
  });

  it("creates a product with clear field errors first, audited, at zero stock, and finds it by name, slug or SKU", async () => {
    const bad = await failure(
      createProduct(t.db, admin(), input({ name: " ", slug: "Not A Slug!", priceCents: "12.5", categoryId: "nope" })),
    );
    expect(bad.code).toBe("VALIDATION");
    expect(Object.keys(bad.fields).sort()).toEqual(["name", "priceCents", "slug"]);
    const taken = await failure(createProduct(t.db, admin(), input({ slug: "chef-knife", sku: "SKU-CHEFKNIFE" })));
    expect(taken.fields).toEqual({
      slug: "Another product already uses this slug.",
      sku: "Another product already uses this SKU.",
    });
    expect((await failure(createProduct(t.db, admin(), input({ categoryId: "nope" })))).fields).toEqual({
      categoryId: "Choose a category.",
    });
    expect(await t.db.product.count({ where: { slug: "enamel-camp-mug" } })).toBe(0);

    const created = await createProduct(t.db, admin(), input(), { ip: "10.0.0.9" });
    expect(await product(created.id)).toMatchObject({
      name: "Enamel Camp Mug",
      sku: "MUG-ENAMEL-1",
      priceCents: 1900,
      stock: 0,
      active: true,
    });
    expect((await audits(created.id)).map((a) => [a.action, a.actorEmail, a.ip])).toEqual([
      ["catalog.create", admin().email, "10.0.0.9"],
    ]);
    for (const q of ["enamel camp", "camp-mug", "mug-enamel"])
      expect((await searchProducts(t.db, admin(), { q })).rows.map((r) => r.id)).toEqual([created.id]);
    expect((await searchProducts(t.db, admin(), { q: "%" })).total).toBe(await t.db.product.count());
  });

  it("edits a product, auditing only what changed; a no-op edit writes nothing", async () => {
    const created = await createProduct(t.db, admin(), input({ slug: "edit-me", sku: "EDIT-ME" }));
    await updateProduct(
      t.db,
      admin(),
      created.id,
      input({ slug: "edit-me", sku: "EDIT-ME", name: "Edited Mug", priceCents: "2100", active: undefined }),
    );
    expect(await product(created.id)).toMatchObject({
      name: "Edited Mug",
      priceCents: 2100,
      active: false,
      searchText: expect.stringContaining("edited mug") as unknown,
    });
    const unchanged = await updateProduct(
      t.db,
      admin(),
      created.id,
      input({ slug: "edit-me", sku: "EDIT-ME", name: "Edited Mug", priceCents: "2100", active: undefined }),
    );
    expect(unchanged.changed).toEqual([]);
    const entries = await audits(created.id);
    expect(entries.map((a) => a.action)).toEqual(["catalog.create", "catalog.update"]);
    expect(JSON.parse(entries[1]!.detail)).toEqual({
      before: { name: "Enamel Camp Mug", priceCents: 1900, active: true },
      after: { name: "Edited Mug", priceCents: 2100, active: false },
    });
    expect((await failure(updateProduct(t.db, admin(), "missing", input()))).code).toBe("NOT_FOUND");
  });

  it("archives a product orders refer to (delete refused) and deletes one no order refers to", async () => {
    const sold = await createProduct(t.db, admin(), input({ slug: "sold-once", sku: "SOLD-ONCE" }));
    await adjustStock(t.db, admin(), sold.id, { delta: "5", reason: "RECEIVED" });
    await checkout(sold.id);
    const refused = await failure(deleteProduct(t.db, admin(), sold.id));
    expect(refused).toMatchObject({
      code: "CONFLICT",
      message: "Orders refer to this product, so it cannot be deleted: archive it instead.",
    });
    expect(await archiveProduct(t.db, admin(), sold.id)).toBe(true);
    expect(await archiveProduct(t.db, admin(), sold.id)).toBe(false);
    expect((await searchProducts(t.db, admin(), { state: "archived" })).rows.map((r) => r.id)).toContain(sold.id);
    expect((await searchProducts(t.db, admin(), { state: "active" })).rows.map((r) => r.id)).not.toContain(sold.id);
    expect((await searchProducts(t.db, admin(), { state: "hidden" })).rows.map((r) => r.id)).not.toContain(sold.id);
    expect((await product(sold.id)).archivedAt).toBeInstanceOf(Date);
    // Saved from the form still off sale, it stays archived; restore clears archivedAt.
    await updateProduct(t.db, admin(), sold.id, input({ slug: "sold-once", sku: "SOLD-ONCE", active: undefined }));
    expect((await product(sold.id)).archivedAt).toBeInstanceOf(Date);
    await restoreProduct(t.db, admin(), sold.id);
    expect(await product(sold.id)).toMatchObject({ active: true, archivedAt: null });
    expect((await audits(sold.id)).map((a) => a.action)).toEqual([
      "catalog.create",
      "catalog.stock",
      "catalog.archive",
      "catalog.restore",
    ]);
    // Unticking "on sale" hides without archiving: a filter of its own, and Archive still applies.
    await updateProduct(t.db, admin(), sold.id, input({ slug: "sold-once", sku: "SOLD-ONCE", active: undefined }));
    expect(await product(sold.id)).toMatchObject({ active: false, archivedAt: null });
    expect((await searchProducts(t.db, admin(), { state: "hidden" })).rows.map((r) => r.id)).toContain(sold.id);
    expect((await searchProducts(t.db, admin(), { state: "archived" })).rows.map((r) => r.id)).not.toContain(sold.id);
    expect(await archiveProduct(t.db, admin(), sold.id)).toBe(true);
    expect((await product(sold.id)).archivedAt).toBeInstanceOf(Date);

    const unsold = await createProduct(t.db, admin(), input({ slug: "never-sold", sku: "NEVER-SOLD" }));
    await adjustStock(t.db, admin(), unsold.id, { delta: "2", reason: "RECEIVED" });
    await addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: unsold.id, quantity: 1 });
    expect(await deleteProduct(t.db, admin(), unsold.id)).toEqual({ name: "Enamel Camp Mug" });
    expect(await t.db.product.findUnique({ where: { id: unsold.id } })).toBeNull();
    const gone = await audits(unsold.id);
    expect(gone.map((a) => a.action)).toEqual(["catalog.create", "catalog.stock", "catalog.delete"]);
    expect(JSON.parse(gone[2]!.detail)).toMatchObject({ slug: "never-sold", removedFromCarts: 1 });
  });

  it("adjusts stock with a reason, audited with the change; never below zero, and the reason's direction is checked", async () => {
    const item = await createProduct(t.db, admin(), input({ slug: "stock-me", sku: "STOCK-ME" }));
    expect(
      (await failure(adjustStock(t.db, admin(), item.id, { delta: "-2", reason: "RECEIVED" }))).fields,
    ).toHaveProperty("delta");
    expect(
      (await failure(adjustStock(t.db, admin(), item.id, { delta: "3", reason: "DAMAGED" }))).fields,
    ).toHaveProperty("delta");
    expect(
      (await failure(adjustStock(t.db, admin(), item.id, { delta: "0", reason: "CORRECTION" }))).fields,
    ).toHaveProperty("delta");
    expect((await failure(adjustStock(t.db, admin(), item.id, { delta: "1", reason: "FOUND" }))).fields).toHaveProperty(
      "reason",
    );
    expect(
      await adjustStock(
        t.db,
        admin(),
        item.id,
        { delta: "+12", reason: "RECEIVED", note: "PO 1042" },
        { ip: "10.0.0.7" },
      ),
    ).toEqual({ stock: 12, delta: 12 });
    expect(await adjustStock(t.db, admin(), item.id, { delta: "-2", reason: "DAMAGED" })).toEqual({
      stock: 10,
      delta: -2,
    });
    const over = await failure(adjustStock(t.db, admin(), item.id, { delta: "-11", reason: "CORRECTION" }));
    expect(over).toMatchObject({
      code: "CONFLICT",
      message: "Only 10 in stock: you cannot remove 11. Nothing was changed.",
    });
    expect((await product(item.id)).stock).toBe(10);
    const stock = (await audits(item.id)).filter((a) => a.action === "catalog.stock");
    expect(stock.map((a) => JSON.parse(a.detail) as unknown)).toEqual([
      { delta: 12, reason: "RECEIVED", note: "PO 1042", sku: "STOCK-ME", stockAfter: 12 },
      { delta: -2, reason: "DAMAGED", note: "", sku: "STOCK-ME", stockAfter: 10 },
    ]);
    expect(stock[0]).toMatchObject({ actorEmail: admin().email, ip: "10.0.0.7" });
  });

  it("stock adjustments racing checkouts for the same units never oversell or go below zero", async () => {
    const item = await createProduct(t.db, admin(), input({ slug: "contested", sku: "CONTESTED" }));
    await adjustStock(t.db, admin(), item.id, { delta: "10", reason: "RECEIVED" });
    const tokens = await Promise.all(
      Array.from({ length: 14 }, () =>
        addToCart(t.db, undefined, { requestKey: newRequestKey(), productId: item.id, quantity: 1 }).then(
          (r) => r.token,
        ),
      ),
    );
    const adjustments = [
      { delta: "-4", reason: "DAMAGED" },
      { delta: "2", reason: "RECEIVED" },
      { delta: "-3", reason: "CORRECTION" },
      { delta: "-6", reason: "LOST" },
    ];
    const [checkouts, adjusted] = await Promise.all([
      Promise.allSettled(
        tokens.map((token) => startCheckout(t.db, t.pay.stripe, ctx(token), { ...address, email: uniqueEmail() })),
      ),
      Promise.allSettled(adjustments.map((a) => adjustStock(t.db, admin(), item.id, a))),
    ]);
    const unexpected = [...checkouts, ...adjusted].flatMap((r) =>
      r.status === "rejected" && !(r.reason instanceof AppError && r.reason.code === "CONFLICT")
        ? [String(r.reason)]
        : [],
    );
    expect(unexpected).toEqual([]);
    const sold = checkouts.filter((r) => r.status === "fulfilled").length;
    const applied = adjusted
      .flatMap((r) => (r.status === "fulfilled" ? [r.value.delta] : []))
      .reduce((a, b) => a + b, 0);
    const final = (await product(item.id)).stock;
    // Every unit is accounted for: what was there, plus the adjustments that applied, minus what was reserved.
    expect(final).toBe(10 + applied - sold);
    expect(final).toBeGreaterThanOrEqual(0);
    const reserved = await t.db.orderItem.aggregate({ where: { productId: item.id }, _sum: { quantity: true } });
    expect(reserved._sum.quantity ?? 0).toBe(sold);
    expect(sold).toBeLessThanOrEqual(12);
    // Demand (14 + 13 removed) exceeded supply (12), so something was refused.
    expect(
      checkouts.length + adjustments.length - sold - adjusted.filter((r) => r.status === "fulfilled").length,
    ).toBeGreaterThan(0);
    const levels = (await audits(item.id))
      .filter((a) => a.action === "catalog.stock")
      .map((a) => (JSON.parse(a.detail) as { stockAfter: number }).stockAfter);
    expect(levels.every((n) => n >= 0)).toBe(true);
  });

  it("a price change never alters a placed order; the next checkout pays the new price", async () => {
    const item = await createProduct(
      t.db,
      admin(),
      input({ slug: "price-change", sku: "PRICE-CHANGE", priceCents: "2500" }),
    );
    await adjustStock(t.db, admin(), item.id, { delta: "5", reason: "RECEIVED" });
    const placed = await checkout(item.id, 2);
    const before = await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId }, include: { items: true } });
    await updateProduct(
      t.db,
      admin(),
      item.id,
      input({ slug: "price-change", sku: "PRICE-CHANGE", priceCents: "9900", name: "Renamed Mug" }),
    );
    const after = await t.db.order.findUniqueOrThrow({ where: { id: placed.orderId }, include: { items: true } });
    expect(after).toEqual(before);
    expect(after.items[0]).toMatchObject({ unitPriceCents: 2500, name: "Enamel Camp Mug", quantity: 2 });
    const session = await t.pay.stripe.checkout.sessions.retrieve(after.checkoutSessionId!);
    expect(session.amount_total).toBe(after.totalCents);
    const next = await checkout(item.id, 1);
    expect((await t.db.orderItem.findFirstOrThrow({ where: { orderId: next.orderId } })).unitPriceCents).toBe(9900);
  });

  it("exports the filtered list as CSV with formula triggers neutralized, audited", async () => {
    const risky = await createProduct(
      t.db,
      admin(),
      input({
        slug: "risky-name",
        sku: "RISKY-1",
        name: '=HYPERLINK("http://evil.test","x")',
        description: '@SUM(1+1) "quoted", with a comma',
      }),
    );
    await archiveProduct(t.db, admin(), risky.id);
    const { csv, rows, filename } = await exportProductsCsv(
      t.db,
      admin(),
      { q: "risky", state: "archived", page: "3" },
      { now: new Date("2026-12-02T10:00:00Z"), ip: "10.0.0.5" },
    );
    expect(filename).toBe("products-2026-12-02.csv");
    expect(rows).toBe(1);
    expect(csv.split("\r\n")).toEqual([
      '"SKU","Slug","Name","Category slug","Price (minor units)","Currency","Stock","State","Description"',
      '"RISKY-1","risky-name","\'=HYPERLINK(""http://evil.test"",""x"")","home-kitchen","1900","USD","0","archived","\'@SUM(1+1) ""quoted"", with a comma"',
      "",
    ]);
    expect((await exportProductsCsv(t.db, admin(), { q: "risky", state: "active" }, { now: new Date() })).rows).toBe(0);
    const entry = await t.db.auditLog.findFirstOrThrow({
      where: { action: "catalog.export" },
      orderBy: { seq: "asc" },
    });
    expect(entry).toMatchObject({ actorEmail: admin().email, ip: "10.0.0.5" });
    expect(JSON.parse(entry.detail)).toEqual({ q: "risky", state: "archived", rows: 1 });
  });
});
