import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { createProduct, deleteProduct, PLACEHOLDER_IMAGE } from "@/lib/catalog/admin";
import { productPictureFor, removeProductImage, setProductImage } from "@/lib/catalog/images/product-images";
import { MEDIA_HEADERS, productImageResponse } from "@/lib/catalog/images/serve";
import { ORPHAN_GRACE_MS, sweepOrphanImages } from "@/lib/catalog/images/orphans";
import { folderStorage } from "@/lib/catalog/images/storage";
import { MAX_IMAGE_BYTES, widthFileNames } from "@/lib/catalog/images/widths";
import { seedCatalog } from "@/lib/db/seed";
import { AppError } from "@/lib/errors";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { createCustomerActor, createStaff, testKeyring } from "./admin-helpers";

// Product picture uploads (lib/catalog/images/, docs/catalog.md "Product pictures"): what is
// stored is a re-encoded WebP under a random name, with no metadata and nothing of a payload;
// whatever is refused leaves no file and no row; the serving route answers only stored names.

const STORED = /^[0-9a-f]{32}-(320|640|1024)\.webp$/;
const SECRET_GPS = {
  GPSLatitudeRef: "N",
  GPSLatitude: "51/1 30/1 26/1",
  GPSLongitudeRef: "W",
  GPSLongitude: "0/1 7/1 39/1",
};

const picture = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } });
const jpegWithExif = () =>
  picture(1200, 900)
    .jpeg()
    .withExif({ IFD0: { Make: "SpyCam", Model: "Tracker 3000", Artist: "Jane Private" }, IFD3: SECRET_GPS })
    .toBuffer();
const file = (bytes: Uint8Array | string, name: string, type: string) =>
  new File([typeof bytes === "string" ? Buffer.from(bytes) : new Uint8Array(bytes)], name, { type });

/** A 20000 × 20000 PNG (400 million pixels, 1.2 GB decoded) that weighs about 50 KB: a decompression bomb. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const side = 20_000;
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // 1-bit greyscale, deflate, no filter, no interlace
  const rows = Buffer.alloc(side * (1 + side / 8)); // every row: filter byte 0, then zero bits
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

describe.each(providers())("product pictures on %s", (provider) => {
  const dir = join(mkdtempSync(join(tmpdir(), "product-images-")), "store");
  const storage = folderStorage(dir);
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  const t = databaseSuite(provider, async ({ db }) => {
    await seedCatalog(db);
    const keyring = testKeyring();
    const customerActor = await createCustomerActor(db);
    const category = await db.category.findFirstOrThrow({ where: { slug: "home-kitchen" } });
    return {
      admin: await createStaff(db, keyring, "ADMIN"),
      reviewer: await createStaff(db, keyring, "REVIEWER"),
      customerActor,
      category,
    };
  });
  const admin = () => t.admin.actor;
  const stored = () => (existsSync(dir) ? readdirSync(dir).sort() : []);
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error("expected a refusal");
      },
      (e: unknown) => e as AppError,
    );
  let n = 0;
  const newProduct = async () => {
    n++;
    return createProduct(t.db, admin(), {
      name: `Picture Test ${n}`,
      slug: `picture-test-${n}`,
      sku: `PIC-${n}`,
      description: "A product to picture.",
      categoryId: t.category.id,
      priceCents: "1500",
      active: "on",
    });
  };
  const upload = (productId: string, f: File, alt = "A red square", actor: Actor | null = admin()) =>
    setProductImage(t.db, actor, productId, { file: f, alt }, { ip: "10.0.0.7", storage });
  const imageAudits = (id: string) =>
    t.db.auditLog.findMany({
      where: { target: `product:${id}`, action: { startsWith: "catalog.image" } },
      orderBy: { seq: "asc" },
    });

  /** A refusal changes nothing: no file, no row, the product's picture and the audit log as they were. */
  async function expectRefusedWithNothingStored(
    productId: string,
    attempt: () => Promise<unknown>,
    field = "file",
  ): Promise<AppError> {
    const before = {
      files: stored(),
      product: await t.db.product.findUniqueOrThrow({ where: { id: productId } }),
      rows: await t.db.productImage.count(),
      audit: await t.db.auditLog.count(),
    };
    const error = await failure(attempt());
    expect(error).toBeInstanceOf(AppError);
    if (error.code === "VALIDATION") expect(Object.keys(error.fields)).toEqual([field]);
    expect(stored()).toEqual(before.files);
    expect(await t.db.productImage.count()).toBe(before.rows);
    expect(await t.db.product.findUniqueOrThrow({ where: { id: productId } })).toEqual(before.product);
    expect(await t.db.auditLog.count()).toBe(before.audit);
    return error;
  }

  it("stores a JPEG with EXIF and GPS re-encoded as WebP in three widths under a random name, without the metadata; audited", async () => {
    const { id } = await newProduct();
    const original = await jpegWithExif();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    expect(original.includes("SpyCam")).toBe(true);

    const { key, replaced } = await upload(
      id,
      file(original, "IMG_0042.jpg", "image/jpeg"),
      "Red enamel mug on a wooden table",
    );
    expect(replaced).toBe(false);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(stored()).toEqual([`${key}-1024.webp`, `${key}-320.webp`, `${key}-640.webp`]);
    for (const [width, name] of [
      [320, `${key}-320.webp`],
      [640, `${key}-640.webp`],
      [1024, `${key}-1024.webp`],
    ] as const) {
      const bytes = readFileSync(join(dir, name));
      const meta = await sharp(bytes).metadata();
      expect(meta).toMatchObject({ format: "webp", width, height: (width * 3) / 4 });
      expect([meta.exif, meta.icc, meta.xmp, meta.iptc]).toEqual([undefined, undefined, undefined, undefined]);
      for (const secret of ["SpyCam", "Tracker", "Jane Private", "Exif"])
        expect(bytes.includes(secret), `${name} holds ${secret}`).toBe(false);
    }
    expect(await t.db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({
      imagePath: `/media/products/${key}-1024.webp`,
      imageAlt: "Red enamel mug on a wooden table",
    });
    expect(await productPictureFor(t.db, admin(), id)).toMatchObject({
      image: { key, width: 1200, height: 900, sourceFormat: "jpeg", sourceBytes: original.length },
    });
    expect((await imageAudits(id)).map((a) => [a.action, a.actorEmail, a.ip, JSON.parse(a.detail) as unknown])).toEqual(
      [
        [
          "catalog.image.upload",
          admin().email,
          "10.0.0.7",
          {
            key,
            width: 1200,
            height: 900,
            sourceFormat: "jpeg",
            sourceBytes: original.length,
            alt: "Red enamel mug on a wooden table",
          },
        ],
      ],
    );
  });

  it("replaces with a PNG, then a WebP, removing the old files each time; changes the alt text alone; removal puts the placeholder back; all audited", async () => {
    const { id } = await newProduct();
    const before = stored();
    // No picture yet: a form sent without a file is refused, however good its alt text.
    await expectRefusedWithNothingStored(id, () => upload(id, file(Buffer.alloc(0), "", "application/octet-stream")));
    const first = await upload(id, file(await picture(400, 400).png().toBuffer(), "mug.png", "image/png"));
    const second = await upload(
      id,
      file(await picture(800, 400).webp().toBuffer(), "mug.webp", "image/webp"),
      "The mug from the side",
    );
    expect(second.replaced).toBe(true);
    expect(stored()).toEqual(
      [...before, `${second.key}-1024.webp`, `${second.key}-320.webp`, `${second.key}-640.webp`].sort(),
    );
    expect((await sharp(readFileSync(join(dir, `${second.key}-1024.webp`))).metadata()).width).toBe(800); // never enlarged
    expect((await productPictureFor(t.db, admin(), id)).image).toMatchObject({
      key: second.key,
      sourceFormat: "webp",
      width: 800,
      height: 400,
    });
    // The form sent with no file keeps the picture and its files, and changes only the alt text.
    const files = stored();
    expect(await upload(id, file(Buffer.alloc(0), "", "application/octet-stream"), "The mug, handle left")).toEqual({
      key: second.key,
      replaced: false,
      altOnly: true,
    });
    expect(stored()).toEqual(files);
    expect(await t.db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({
      imagePath: `/media/products/${second.key}-1024.webp`,
      imageAlt: "The mug, handle left",
    });

    expect(await removeProductImage(t.db, admin(), id, { storage })).toBe(true);
    expect(stored()).toEqual(before);
    expect(await t.db.product.findUniqueOrThrow({ where: { id } })).toMatchObject({
      imagePath: PLACEHOLDER_IMAGE,
      imageAlt: `Picture Test ${n} placeholder picture`,
    });
    expect(await t.db.productImage.count({ where: { productId: id } })).toBe(0);
    expect(await removeProductImage(t.db, admin(), id, { storage })).toBe(false);
    expect((await imageAudits(id)).map((a) => [a.action, JSON.parse(a.detail) as Record<string, unknown>])).toEqual([
      ["catalog.image.upload", expect.objectContaining({ key: first.key, sourceFormat: "png" })],
      [
        "catalog.image.replace",
        expect.objectContaining({
          key: second.key,
          previousKey: first.key,
          sourceFormat: "webp",
          alt: "The mug from the side",
        }),
      ],
      ["catalog.image.alt", { key: second.key, before: "The mug from the side", after: "The mug, handle left" }],
      ["catalog.image.remove", { key: second.key }],
    ]);
  });

  it("refuses an SVG with a script, an HTML page and a PNG bomb whatever their names and types say, and anything too large; nothing is stored", async () => {
    const { id } = await newProduct();
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`;
    for (const [name, type] of [
      ["logo.svg", "image/svg+xml"],
      ["logo.png", "image/png"],
    ]) {
      expect((await expectRefusedWithNothingStored(id, () => upload(id, file(svg, name!, type!)))).message).toMatch(
        /JPEG, PNG or WebP/,
      );
    }
    const html = `<!doctype html><html><body><script>fetch("/admin").then(r=>r.text()).then(alert)</script></body></html>`;
    expect(
      (await expectRefusedWithNothingStored(id, () => upload(id, file(html, "photo.jpg", "image/jpeg")))).message,
    ).toMatch(/JPEG, PNG or WebP/);

    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(200_000);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({
      format: "png",
      width: 20_000,
      height: 20_000,
    });
    expect(
      (await expectRefusedWithNothingStored(id, () => upload(id, file(bomb, "tiny.png", "image/png")))).message,
    ).toMatch(/20000 × 20000 pixels/);

    const huge = Buffer.alloc(MAX_IMAGE_BYTES + 1);
    huge.set([0xff, 0xd8, 0xff, 0xe0]);
    expect(
      (await expectRefusedWithNothingStored(id, () => upload(id, file(huge, "big.jpg", "image/jpeg")))).message,
    ).toMatch(/larger than 5 MB/);
    // A JPEG's start with nothing decodable after it.
    const broken = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]);
    expect(
      (await expectRefusedWithNothingStored(id, () => upload(id, file(broken, "x.jpg", "image/jpeg")))).message,
    ).toMatch(/could not be read/);
    await expectRefusedWithNothingStored(id, () => upload(id, file(Buffer.alloc(0), "empty.jpg", "image/jpeg")));
    await expectRefusedWithNothingStored(
      id,
      async () => upload(id, file(await picture(40, 40).jpeg().toBuffer(), "ok.jpg", "image/jpeg"), "  "),
      "alt",
    );
    await expectRefusedWithNothingStored(id, () =>
      setProductImage(t.db, admin(), id, { alt: "A file that is not a file", file: "C:\\boot.ini" }, { storage }),
    );
  });

  it("stores a JPEG with PHP appended (a polyglot named .php.jpg) re-encoded without the payload", async () => {
    const { id } = await newProduct();
    const payload = `<?php system($_GET["cmd"]); ?>`;
    const polyglot = Buffer.concat([await picture(300, 200).jpeg().toBuffer(), Buffer.from(payload)]);
    const { key } = await upload(id, file(polyglot, "shell.php.jpg", "image/jpeg"));
    const files = stored().filter((f) => f.startsWith(key));
    expect(files).toHaveLength(3);
    for (const name of files) {
      const bytes = readFileSync(join(dir, name));
      expect(bytes.subarray(0, 4).toString("latin1") + bytes.subarray(8, 12).toString("latin1")).toBe("RIFFWEBP");
      for (const piece of ["<?php", "system(", "cmd"])
        expect(bytes.includes(piece), `${name} holds ${piece}`).toBe(false);
    }
  });

  it("never uses the uploaded file's name: a traversal name changes nothing outside the folder", async () => {
    const { id } = await newProduct();
    const outside = readdirSync(dirname(dir)).sort();
    const before = stored();
    const { key } = await upload(id, file(await picture(200, 200).png().toBuffer(), "../../evil.webp", "image/png"));
    const added = stored().filter((f) => !before.includes(f));
    expect(added).toEqual([`${key}-1024.webp`, `${key}-320.webp`, `${key}-640.webp`]);
    expect(stored().every((f) => STORED.test(f))).toBe(true);
    expect(readdirSync(dirname(dir)).sort()).toEqual(outside);
    expect(existsSync(join(dir, "..", "..", "evil.webp"))).toBe(false);
  });

  it("serves a stored width with fixed headers, and answers 404 to any other name without touching other files", async () => {
    const { id } = await newProduct();
    const { key } = await upload(id, file(await picture(700, 700).jpeg().toBuffer(), "a.jpg", "image/jpeg"));
    const served = await productImageResponse(storage, `${key}-640.webp`, { production: true });
    expect(served.status).toBe(200);
    const body = Buffer.from(await served.arrayBuffer());
    expect(body.equals(readFileSync(join(dir, `${key}-640.webp`)))).toBe(true);
    for (const [name, value] of Object.entries(MEDIA_HEADERS)) expect(served.headers.get(name), name).toBe(value);
    expect(served.headers.get("Content-Type")).toBe("image/webp");
    expect(served.headers.get("Content-Security-Policy")).toBe("default-src 'none'; sandbox");
    expect(served.headers.get("Content-Length")).toBe(String(body.length));
    expect(served.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");

    // A file in the folder that the store did not write, and names that try to leave the folder.
    writeFileSync(join(dir, "notes.html"), "<script>alert(1)</script>");
    writeFileSync(join(dirname(dir), "secret.txt"), "secret");
    const refused = [
      "notes.html",
      "../secret.txt",
      "..%2Fsecret.txt",
      `${key}-640.webp/../../secret.txt`,
      `../store/${key}-640.webp`,
      `${key}-641.webp`,
      `${key}-640.WEBP`,
      `${key.toUpperCase()}-640.webp`,
      `${key}-640.webp\u0000.png`,
      "",
      "0".repeat(32) + "-640.webp",
    ];
    for (const name of refused) {
      const answer = await productImageResponse(storage, name, { production: true });
      expect(answer.status, name).toBe(404);
      expect(answer.headers.get("Content-Type"), name).toBe("text/plain; charset=utf-8");
      expect(answer.headers.get("X-Content-Type-Options"), name).toBe("nosniff");
      expect(await answer.text(), name).toBe("Not found.\n");
    }
    await expect(storage.get("../secret.txt")).rejects.toThrow(/not a stored picture's name/);
    rmSync(join(dir, "notes.html"));
  });

  it("refuses a reviewer (403), a shopper (404) and the signed out, storing nothing", async () => {
    const { id } = await newProduct();
    const valid = async () => file(await picture(50, 50).jpeg().toBuffer(), "ok.jpg", "image/jpeg");
    for (const [actor, code] of [
      [t.reviewer.actor, "FORBIDDEN"],
      [t.customerActor, "NOT_FOUND"],
      [null, "UNAUTHENTICATED"],
    ] as const) {
      const error = await expectRefusedWithNothingStored(id, async () => upload(id, await valid(), "A picture", actor));
      expect([error.code, error.status]).toEqual([
        code,
        { FORBIDDEN: 403, NOT_FOUND: 404, UNAUTHENTICATED: 401 }[code],
      ]);
      expect((await failure(removeProductImage(t.db, actor, id, { storage }))).code).toBe(code);
      expect((await failure(productPictureFor(t.db, actor, id))).code).toBe(code);
    }
    expect((await expectRefusedWithNothingStored(id, async () => upload("no-such-product", await valid()))).code).toBe(
      "NOT_FOUND",
    );
  });

  it("deleting a product deletes its picture's files; the seed's SVG products keep their pictures", async () => {
    const { id } = await newProduct();
    const before = stored();
    await upload(id, file(await picture(100, 100).jpeg().toBuffer(), "a.jpg", "image/jpeg"));
    expect(stored().length).toBe(before.length + 3);
    await deleteProduct(t.db, admin(), id, { storage });
    expect(stored()).toEqual(before);
    expect(await t.db.productImage.count({ where: { productId: id } })).toBe(0);
    const seeded = await t.db.product.findUniqueOrThrow({ where: { slug: "chef-knife" } });
    expect(seeded.imagePath).toBe("/products/chef-knife.svg");
    expect(await productPictureFor(t.db, admin(), seeded.id)).toEqual({
      imagePath: "/products/chef-knife.svg",
      imageAlt: seeded.imageAlt,
      image: null,
    });
  });

  it("sweeps away the files of an upload cut short (no row uses them) once the grace period is over, and nothing else", async () => {
    const { id } = await newProduct();
    const used = await upload(id, file(await picture(100, 100).png().toBuffer(), "a.png", "image/png"));
    const old = new Date(Date.now() - ORPHAN_GRACE_MS - 60_000);
    // What a process that died between writing the files and committing the row leaves behind.
    const [cutShort, inFlight] = ["a", "b"].map((c) => c.repeat(32));
    for (const key of [cutShort!, inFlight!])
      for (const name of widthFileNames(key)) await storage.put(name, Buffer.from("not a row's"));
    for (const name of [...widthFileNames(cutShort!), ...widthFileNames(used.key)])
      utimesSync(join(dir, name), old, old);
    writeFileSync(join(dir, "README.txt"), "not a picture's name: never listed, never removed");

    const swept = await sweepOrphanImages(t.db, storage);
    expect(swept.removed).toBe(3);
    const left = stored();
    for (const name of widthFileNames(cutShort!)) expect(left).not.toContain(name);
    // An upload younger than the grace period may still be committing; a used picture stays however old.
    for (const name of [...widthFileNames(inFlight!), ...widthFileNames(used.key), "README.txt"])
      expect(left).toContain(name);
    expect((await sweepOrphanImages(t.db, storage, new Date(Date.now() + ORPHAN_GRACE_MS + 60_000))).removed).toBe(3);
    expect(stored()).toEqual(left.filter((name) => !name.startsWith(inFlight!)));
  });
});
