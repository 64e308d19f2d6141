import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { addToCart } from "@/lib/cart/cart";
import { newRequestKey } from "@/lib/cart/request-keys";
import { archiveProduct, createProduct, updateProduct } from "@/lib/catalog/admin";
import { exportProductsCsv } from "@/lib/catalog/export";
import { applyProductImport, previewProductImport } from "@/lib/catalog/import";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { seedCatalog } from "@/lib/db/seed";
import type { AppError } from "@/lib/errors";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { alertOnly, startPayments, uniqueEmail } from "../support/payments";
import { createStaff, testKeyring } from "./admin-helpers";
import { setProductStockOrPrice } from "../support/catalog";

// The product CSV import (lib/catalog/import.ts): a dry run that writes nothing, then the same
// file applied in one transaction, all rows or none; formula cells; export → import round trip.

const HEADER = '"SKU","Slug","Name","Category slug","Price (minor units)","Currency","Stock","State","Description"\r\n';
const file = (text: string, name = "products.csv") => new File([text], name, { type: "text/csv" });
const row = (cells: (string | number)[]) => `${cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(",")}\r\n`;

describe.each(providers())("product CSV import on %s", (provider) => {
  const t = databaseSuite(
    provider,
    async ({ db }) => {
      await seedCatalog(db);
      await alertOnly(db);
      return { pay: await startPayments(db), admin: await createStaff(db, testKeyring(), "ADMIN") };
    },
    ({ pay }) => pay.close(),
  );
  const admin = () => t.admin.actor;
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e as AppError,
    );
  const snapshot = async () => ({
    products: await t.db.product.findMany({ orderBy: { id: "asc" } }),
    audit: await t.db.auditLog.count(),
  });
  const exportAll = async () => (await exportProductsCsv(t.db, admin(), {}, { now: new Date() })).csv;
  const knife = () => t.db.product.findUniqueOrThrow({ where: { slug: "chef-knife" } });
  const previewThenApply = async (text: string) => {
    const preview = await previewProductImport(t.db, admin(), { file: file(text) });
    return {
      preview,
      result: await applyProductImport(t.db, admin(), { file: file(text), digest: preview.digest }, { ip: "10.0.0.3" }),
    };
  };

  it("a dry run says what each row would do, with refused rows by line and column, and writes nothing", async () => {
    const before = await snapshot();
    const chef = await knife();
    const text =
      HEADER +
      row([
        "SKU-CHEFKNIFE",
        "chef-knife",
        "Chef's Knife",
        "home-kitchen",
        12000,
        "USD",
        8,
        "active",
        chef.description,
      ]) + // line 2: price changes
      row(["NEW-MUG-1", "new-mug", "New Mug", "home-kitchen", 1500, "USD", 5, "hidden", "A new mug."]) + // line 3: created
      row(["BAD-1", "bad-price", "Bad Price", "home-kitchen", "12.50", "USD", "", "active", "x"]) + // line 4: price refused
      row(["NEW-MUG-2", "new-mug", "Again", "no-such-category", 100, "EUR", "-1", "sold", "y"]) + // line 5: many refusals
      `"OK-1","multi-line","Multi","home-kitchen","100","","","active","first line\r\nsecond line"\r\n` + // line 6, spans 7
      "\r\n" + // a blank line, skipped
      row(["SKU-X", "short-row", "Short"]); // line 9: cells missing
    const preview = await previewProductImport(t.db, admin(), { file: file(text) });
    expect(preview.counts).toEqual({ create: 2, update: 1, unchanged: 0, refused: 3 });
    const byLine = Object.fromEntries(preview.rows.map((r) => [r.line, r]));
    expect(byLine[2]).toMatchObject({
      slug: "chef-knife",
      outcome: "update",
      changes: ["Price (minor units)"],
      stock: null,
    });
    expect(byLine[3]).toMatchObject({
      slug: "new-mug",
      outcome: "create",
      changes: ["Stock"],
      stock: { before: null, after: 5 },
    });
    expect(byLine[4]!.errors).toEqual([
      { field: "Price (minor units)", message: "Enter the price in minor units (cents), a whole number." },
    ]);
    expect(byLine[5]!.errors.map((e) => e.field).sort()).toEqual(
      ["Category slug", "Currency", "Slug", "State", "Stock"].sort(),
    );
    expect(byLine[5]!.errors.find((e) => e.field === "Slug")!.message).toBe(
      "Line 3 has the same slug: a product appears once in a file.",
    );
    expect(byLine[6]).toMatchObject({ outcome: "create", slug: "multi-line" });
    expect(byLine[9]!.outcome).toBe("refused");
    expect(byLine[9]!.errors[0]).toEqual({
      field: "Row",
      message: "This row has 3 cells and the header row 9: check for a stray comma or quote.",
    });
    expect(preview.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await snapshot()).toEqual(before);

    // Applying that file is refused as a whole: nothing is written.
    const refused = await failure(applyProductImport(t.db, admin(), { file: file(text), digest: preview.digest }));
    expect(refused).toMatchObject({
      code: "VALIDATION",
      message:
        "3 rows are refused (line 4, Price (minor units): Enter the price in minor units (cents), a whole number.). Nothing was imported.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses files it cannot read as a whole", async () => {
    const message = async (f: File) => (await failure(previewProductImport(t.db, admin(), { file: f }))).message;
    expect(await message(file('"SKU","Slug"\r\n"A","b"\r\n'))).toMatch(
      /^The header row lacks “Name”, “Category slug”, “Price \(minor units\)”, “State”, “Description”/,
    );
    expect(await message(file(HEADER))).toBe("The file has a header row but no products.");
    expect(await message(file(`${HEADER}"A,"b`))).toMatch(/could not be read as CSV/);
    expect(await message(new File([new Uint8Array([0xff, 0xfe, 0x41])], "x.csv"))).toMatch(/not UTF-8/);
    expect(
      await message(file(HEADER + row(["A", "b", "c", "home-kitchen", 1, "", "", "active", "d"]).repeat(1001))),
    ).toBe("The file has more than 1000 products: split it into smaller files.");
    expect(await message(file("x".repeat(1_000_001)))).toMatch(/larger than 1 MB/);
    expect((await failure(previewProductImport(t.db, admin(), { file: "not a file" }))).code).toBe("VALIDATION");
  });

  it("applies a previewed file in one transaction: creates, updates by slug, stock through adjustments, all audited", async () => {
    const chef = await knife();
    const text =
      "\uFEFF" +
      HEADER +
      row([
        "SKU-CHEFKNIFE",
        "chef-knife",
        "Chef's Knife, 20 cm",
        "home-kitchen",
        11500,
        "USD",
        11,
        "active",
        chef.description,
      ]) +
      row(["IMPORT-NEW-1", "import-new", "Imported Bowl", "home-kitchen", 2300, "", 6, "hidden", "A stoneware bowl."]);
    const { preview, result } = await previewThenApply(text);
    expect(preview.rows.find((r) => r.slug === "chef-knife")).toMatchObject({
      outcome: "update",
      changes: ["Name", "Stock"],
      stock: { before: chef.stock, after: 11 },
    });
    expect(result).toEqual({ created: 1, updated: 1, unchanged: 0, stockAdjusted: 2 });
    expect(await knife()).toMatchObject({ name: "Chef's Knife, 20 cm", stock: 11, priceCents: 11500 });
    const bowl = await t.db.product.findUniqueOrThrow({ where: { slug: "import-new" } });
    expect(bowl).toMatchObject({
      name: "Imported Bowl",
      sku: "IMPORT-NEW-1",
      stock: 6,
      active: false,
      archivedAt: null,
      priceCents: 2300,
    });

    const entries = await t.db.auditLog.findMany({
      where: { OR: [{ target: `product:${chef.id}` }, { target: `product:${bowl.id}` }, { action: "catalog.import" }] },
      orderBy: { seq: "asc" },
    });
    expect(
      entries.map((e) => [
        e.action,
        e.target === "products" ? "products" : e.target === `product:${bowl.id}` ? "bowl" : "knife",
        e.ip,
      ]),
    ).toEqual([
      ["catalog.update", "knife", "10.0.0.3"],
      ["catalog.stock", "knife", "10.0.0.3"],
      ["catalog.create", "bowl", "10.0.0.3"],
      ["catalog.stock", "bowl", "10.0.0.3"],
      ["catalog.import", "products", "10.0.0.3"],
    ]);
    expect(JSON.parse(entries[1]!.detail)).toEqual({
      delta: 11 - chef.stock,
      reason: "CORRECTION",
      note: "CSV import",
      sku: chef.sku,
      stockAfter: 11,
    });
    expect(JSON.parse(entries[3]!.detail)).toMatchObject({
      delta: 6,
      reason: "RECEIVED",
      note: "CSV import",
      stockAfter: 6,
    });
    expect(JSON.parse(entries[4]!.detail)).toMatchObject({
      file: "products.csv",
      rows: 2,
      created: 1,
      updated: 1,
      unchanged: 0,
      stockAdjusted: 2,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown,
    });

    // The same file again changes nothing.
    const again = await previewThenApply(text);
    expect(again.preview.counts).toEqual({ create: 0, update: 0, unchanged: 2, refused: 0 });
    expect(again.result).toEqual({ created: 0, updated: 0, unchanged: 2, stockAdjusted: 0 });
  });

  it("applies only what was previewed: a changed catalog or another digest voids the preview, writing nothing", async () => {
    const chef = await knife();
    const text =
      HEADER +
      row([
        "SKU-CHEFKNIFE",
        "chef-knife",
        "Knife for the Stale Test",
        "home-kitchen",
        9900,
        "USD",
        "",
        "active",
        chef.description,
      ]);
    const preview = await previewProductImport(t.db, admin(), { file: file(text) });
    await updateProduct(t.db, admin(), chef.id, {
      name: "Knife for the Stale Test",
      slug: chef.slug,
      sku: chef.sku,
      description: chef.description,
      categoryId: chef.categoryId,
      priceCents: String(chef.priceCents),
      active: "on",
    });
    const before = await snapshot();
    const stale = await failure(applyProductImport(t.db, admin(), { file: file(text), digest: preview.digest }));
    expect(stale).toMatchObject({
      code: "CONFLICT",
      message: "The file or the catalog changed since the preview, so nothing was imported. Preview the file again.",
    });
    expect((await failure(applyProductImport(t.db, admin(), { file: file(text), digest: "0".repeat(64) }))).code).toBe(
      "CONFLICT",
    );
    expect((await failure(applyProductImport(t.db, admin(), { file: file(text), digest: "forged" }))).code).toBe(
      "VALIDATION",
    );
    expect(await snapshot()).toEqual(before);
  });

  it("formula cells are stored as text and exported with the guard again; export → import round-trips with no changes", async () => {
    const text =
      HEADER +
      // As a spreadsheet saves it (no guard) and as the export writes it (guarded): both are the same text.
      row([
        "FORMULA-1",
        "formula-raw",
        '=HYPERLINK("http://evil.test","x")',
        "home-kitchen",
        100,
        "USD",
        "",
        "hidden",
        "+1 555 0100",
      ]) +
      row(["FORMULA-2", "formula-guarded", "'@SUM(1+1)", "home-kitchen", 100, "USD", "", "hidden", "'-minus first"]) +
      row([
        "FORMULA-3",
        "formula-quote",
        "'Tis the season",
        "home-kitchen",
        100,
        "USD",
        "",
        "hidden",
        "\tcmd|' /C calc'!A0",
      ]);
    await previewThenApply(text);
    const stored = await t.db.product.findMany({
      where: { slug: { startsWith: "formula-" } },
      orderBy: { slug: "asc" },
      select: { slug: true, name: true, description: true },
    });
    expect(stored).toEqual([
      { slug: "formula-guarded", name: "@SUM(1+1)", description: "-minus first" },
      { slug: "formula-quote", name: "'Tis the season", description: "cmd|' /C calc'!A0" },
      { slug: "formula-raw", name: '=HYPERLINK("http://evil.test","x")', description: "+1 555 0100" },
    ]);
    const exported = (await exportProductsCsv(t.db, admin(), { q: "formula" }, { now: new Date() })).csv;
    expect(exported).toContain('"\'=HYPERLINK(""http://evil.test"",""x"")"');
    expect(exported).toContain('"\'@SUM(1+1)","home-kitchen"');
    expect(exported).toContain('"\'+1 555 0100"');
    // No exported cell starts with a formula trigger outside its guard.
    expect(
      parse(exported)
        .flat()
        .filter((cell) => /^[=+\-@\t\r]/.test(cell)),
    ).toEqual([]);

    // The whole catalog, as downloaded (with the byte order mark and CRLF), imports as no change.
    await archiveProduct(t.db, admin(), (await t.db.product.findUniqueOrThrow({ where: { slug: "formula-raw" } })).id);
    const whole = `\uFEFF${await exportAll()}`;
    const before = await snapshot();
    const { preview, result } = await previewThenApply(whole);
    const total = await t.db.product.count();
    expect(preview.counts).toEqual({ create: 0, update: 0, unchanged: total, refused: 0 });
    expect(result).toMatchObject({ created: 0, updated: 0, unchanged: total, stockAdjusted: 0 });
    expect((await snapshot()).products).toEqual(before.products);
    expect(await exportAll()).toBe(whole.slice(1));

    // LF line ends, reordered and lower-case headers, and a column the import does not know.
    const lines = whole.slice(1).split("\r\n").filter(Boolean);
    const reordered = [`"notes",${lines[0]!.toLowerCase()}`, ...lines.slice(1).map((l) => `"ignored",${l}`)].join("\n");
    const loose = await previewProductImport(t.db, admin(), { file: file(reordered) });
    expect(loose.ignoredColumns).toEqual(["notes"]);
    expect(loose.counts).toEqual({ create: 0, update: 0, unchanged: total, refused: 0 });
  });

  it("archived and hidden round-trip by the State column; a new product cannot start archived", async () => {
    const made = await createProduct(t.db, admin(), {
      name: "State Mug",
      slug: "state-mug",
      sku: "STATE-MUG",
      description: "d",
      categoryId: (await knife()).categoryId,
      priceCents: "100",
      active: "on",
    });
    const line = (state: string, slug = "state-mug") =>
      HEADER + row(["STATE-MUG", slug, "State Mug", "home-kitchen", 100, "USD", "", state, "d"]);
    await previewThenApply(line("archived"));
    expect(await t.db.product.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({
      active: false,
      archivedAt: expect.any(Date) as unknown,
    });
    await previewThenApply(line("hidden"));
    expect(await t.db.product.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({
      active: false,
      archivedAt: null,
    });
    await previewThenApply(line("active"));
    expect(await t.db.product.findUniqueOrThrow({ where: { id: made.id } })).toMatchObject({
      active: true,
      archivedAt: null,
    });
    const fresh = await previewProductImport(t.db, admin(), {
      file: file(HEADER + row(["NEW-ARCH", "new-arch", "N", "home-kitchen", 100, "USD", "", "archived", "d"])),
    });
    expect(fresh.rows[0]!.errors).toEqual([
      { field: "State", message: "A new product cannot start archived: enter hidden." },
    ]);
  });

  it("stock is moved to the file's count relative to the stock when applied: a checkout between preview and apply is never undone or oversold", async () => {
    const chef = await knife();
    await setProductStockOrPrice(t.db, { id: chef.id }, { stock: 10 });
    const text =
      HEADER +
      row([chef.sku, chef.slug, chef.name, "home-kitchen", chef.priceCents, "USD", 4, "active", chef.description]);
    const preview = await previewProductImport(t.db, admin(), { file: file(text) });
    expect(preview.rows[0]!.stock).toEqual({ before: 10, after: 4 });
    const { token } = await addToCart(t.db, undefined, {
      requestKey: newRequestKey(),
      productId: chef.id,
      quantity: 2,
    });
    await startCheckout(
      t.db,
      t.pay.stripe,
      { cartToken: token, userId: null, ip: "81.2.69.142", ipCountry: "GB", appUrl: "http://shop.test" },
      {
        name: "Ada Lovelace",
        line1: "1 Analytical Way",
        city: "London",
        postalCode: "N1 9GU",
        country: "GB",
        email: uniqueEmail(),
      },
    );
    expect((await knife()).stock).toBe(8);
    // Stock is left out of the digest, so the sale does not void the preview; the adjustment is -4 from 8, not a write of 4 over 10.
    await applyProductImport(t.db, admin(), { file: file(text), digest: preview.digest });
    expect((await knife()).stock).toBe(4);
    const last = await t.db.auditLog.findFirstOrThrow({
      where: { target: `product:${chef.id}`, action: "catalog.stock" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(last.detail)).toEqual({
      delta: -4,
      reason: "CORRECTION",
      note: "CSV import",
      sku: chef.sku,
      stockAfter: 4,
    });
    expect(await t.db.orderItem.count({ where: { productId: chef.id } })).toBe(1);
  });
});
