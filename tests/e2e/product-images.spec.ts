import { readdirSync, readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { enableTwoFactor, register, signIn, uniqueEmail, useOwnIp } from "./support/auth";
import { expectNoAxeViolations } from "./support/axe";
import { acknowledgePolicy, query } from "./support/admin";

// A staff member uploads a product picture with its alt text (a refused SVG first); the shop's
// product page shows the re-encoded WebP through next/image's srcset with no CSP violation, the
// stored files carry no EXIF, and the picture is served with its fixed headers. Steps share state.

const port = Number(process.env.E2E_PORT ?? 3100);
const imagesDir = `.data/e2e-${port}-images`;

test.describe.serial("product pictures", () => {
  let admin: { context: BrowserContext; page: Page };
  const email = uniqueEmail("picture-admin");
  const slug = `picture-mug-${Date.now().toString(36)}`;
  let productId = "";

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    const context = await browser.newContext();
    await useOwnIp(context);
    admin = { context, page: await context.newPage() };
    await register(admin.page, email, undefined, "Pia Pictures");
    const db = new Database(`.data/e2e-${port}.db`);
    try {
      db.prepare(`UPDATE User SET role = 'ADMIN' WHERE email = ?`).run(email);
    } finally {
      db.close();
    }
    await signIn(admin.page, email);
    await enableTwoFactor(admin.page);
    await acknowledgePolicy(admin.page);
  });
  test.afterAll(async () => admin?.context.close());

  test("staff upload a picture with alt text (an SVG is refused); the product page shows it, axe and CSP clean", async () => {
    const { page } = admin;
    await page.goto("/admin/products/new");
    const details = page.getByRole("form", { name: "Product details" });
    await details.getByLabel("Name", { exact: true }).fill("Picture Mug");
    await details.getByLabel("Slug (address name)").fill(slug);
    await details.getByLabel("SKU").fill(slug.slice(0, 32));
    await details.getByLabel("Description").fill("A mug with a photograph.");
    await details.getByLabel("Price in minor units (cents)").fill("1500");
    await details.getByRole("button", { name: "Create product" }).click();
    await expect(page.getByRole("heading", { name: "Picture Mug", level: 1 })).toBeVisible();
    productId = query<{ id: string }>(`SELECT id FROM Product WHERE slug = ?`, slug)[0]!.id;

    const form = page.getByRole("form", { name: "Upload picture" });
    await form.getByLabel("Picture").setInputFiles({
      name: "logo.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`),
    });
    await form.getByLabel("Alt text").fill("A blue mug on a wooden table");
    await form.getByRole("button", { name: "Upload picture" }).click();
    await expect(form.getByLabel("Picture")).toHaveAccessibleDescription(/Upload a JPEG, PNG or WebP picture/);
    await expect(form.getByLabel("Alt text")).toHaveValue("A blue mug on a wooden table");
    expect(query(`SELECT key FROM ProductImage WHERE productId = ?`, productId)).toEqual([]);

    const photo = await sharp({
      create: { width: 1600, height: 1200, channels: 3, background: { r: 30, g: 80, b: 200 } },
    })
      .jpeg()
      .withExif({ IFD0: { Make: "SpyCam" }, IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1" } })
      .toBuffer();
    await form.getByLabel("Picture").setInputFiles({ name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: photo });
    await form.getByRole("button", { name: "Upload picture" }).click();
    await expect(page.getByTestId("image-form-status")).toHaveText("Picture uploaded.");
    await expect(page.getByTestId("picture-facts")).toContainText("1600 × 1200 pixels");
    const key = query<{ key: string }>(`SELECT key FROM ProductImage WHERE productId = ?`, productId)[0]!.key;
    const files = readdirSync(imagesDir)
      .filter((f) => f.startsWith(key))
      .sort();
    expect(files).toEqual([`${key}-1024.webp`, `${key}-320.webp`, `${key}-640.webp`]);
    for (const f of files) expect(readFileSync(`${imagesDir}/${f}`).includes("SpyCam")).toBe(false);
    await expectNoAxeViolations(page);

    // The shop: a fresh browser (no cookies) records every CSP violation its pages report.
    const shopper = await page.context().browser()!.newContext();
    await shopper.addInitScript(() => {
      const seen: string[] = [];
      (window as unknown as { cspViolations: string[] }).cspViolations = seen;
      document.addEventListener("securitypolicyviolation", (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const shop = await shopper.newPage();
    await shop.goto(`/product/${slug}`);
    const img = shop.getByRole("img", { name: "A blue mug on a wooden table" });
    await expect(img).toHaveAttribute(
      "srcset",
      new RegExp(
        `/media/products/${key}-320\\.webp 320w, /media/products/${key}-640\\.webp 640w, /media/products/${key}-1024\\.webp 1024w`,
      ),
    );
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
    expect(await img.evaluate((el: HTMLImageElement) => el.currentSrc)).toMatch(
      new RegExp(`/media/products/${key}-(320|640|1024)\\.webp$`),
    );
    expect(await shop.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)).toEqual([]);
    await expectNoAxeViolations(shop);

    const served = await shop.request.get(`/media/products/${key}-640.webp`);
    expect(served.status()).toBe(200);
    expect(served.headers()).toMatchObject({
      "content-type": "image/webp",
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "content-disposition": "inline",
      "cache-control": "public, max-age=31536000, immutable",
    });
    for (const name of ["..%2F..%2Fpackage.json", `${key}-640.webp%00.html`, `${key}-999.webp`])
      expect((await shop.request.get(`/media/products/${name}`)).status(), name).toBe(404);
    // Next's image optimizer is off: it fetches no URL for anyone.
    expect(
      (
        await shop.request.get(`/_next/image?url=${encodeURIComponent(`/media/products/${key}-640.webp`)}&w=640&q=75`)
      ).status(),
    ).toBe(404);
    await shopper.close();

    // Without JavaScript the same form replaces the picture (a multipart post to the page's action).
    const noScript = await page
      .context()
      .browser()!
      .newContext({
        javaScriptEnabled: false,
        storageState: await admin.context.storageState(),
        extraHTTPHeaders: { "X-Forwarded-For": "198.51.100.201" },
      });
    const plain = await noScript.newPage();
    await plain.goto(`/admin/products/${productId}`);
    const replace = plain.getByRole("form", { name: "Replace picture" });
    await replace.getByLabel("Picture").setInputFiles({
      name: "side.png",
      mimeType: "image/png",
      buffer: await sharp({ create: { width: 500, height: 500, channels: 3, background: "#0a0" } })
        .png()
        .toBuffer(),
    });
    await replace.getByLabel("Alt text").fill("The mug from the side");
    await replace.getByRole("button", { name: "Replace picture" }).click();
    await expect(plain.getByTestId("image-form-status")).toHaveText("Picture replaced.");
    const [replaced] = query<{ key: string }>(`SELECT key FROM ProductImage WHERE productId = ?`, productId);
    expect(replaced!.key).not.toBe(key);
    expect(readdirSync(imagesDir).filter((f) => f.startsWith(key))).toEqual([]);
    await noScript.close();
  });
});
