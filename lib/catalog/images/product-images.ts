import "server-only";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { appendAudit } from "@/lib/audit/log";
import { requirePermission, type Actor } from "@/lib/auth/authorize";
import type { Db } from "@/lib/db";
import { inTransaction } from "@/lib/db/transaction";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { PLACEHOLDER_IMAGE } from "../admin";
import { clearCatalogCache } from "../cached";
import { reencodeImage } from "./reencode";
import { imageStorage, removeImageFiles, type ImageStorage } from "./storage";
import { MAX_IMAGE_BYTES, storedImagePath, widthFileName } from "./widths";

// A product's uploaded picture (/admin/products/<id>, docs/catalog.md "Product pictures"). Staff
// with catalog.manage upload, replace or remove it; each is audited with the change in one
// transaction. The files are written first under a new random key, then the row points at them;
// a refused or failed upload leaves no file and no row, and the files a replacement or removal
// makes unused are deleted once the change has committed.
//
// API for other modules:
//   productPictureFor(db, actor, productId)                        -> imagePath, imageAlt, the upload or null
//   setProductImage(db, actor, productId, { file, alt }, options)  -> { key, replaced, altOnly }
//     (no file: the uploaded picture stays and only its alt text changes)
//   removeProductImage(db, actor, productId, options)              -> false when there was none

const MAX_ALT_LENGTH = 250;

const ALT_MISSING = "Describe the picture for people who cannot see it (alt text).";

const productImageInputSchema = z.object({
  alt: z
    .string({ error: ALT_MISSING })
    .trim()
    .min(1, ALT_MISSING)
    .max(MAX_ALT_LENGTH, `Keep the alt text to ${MAX_ALT_LENGTH} characters.`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), "The alt text contains characters that cannot be shown."),
  // A browser sends an empty file when none was chosen: no file, which keeps an uploaded picture
  // and changes only its alt text. The size is the Blob's, known before its bytes are read.
  file: z.preprocess(
    (f) => (f instanceof Blob && f.size === 0 ? undefined : f),
    z
      .instanceof(Blob, { error: "Choose a picture to upload." })
      .refine(
        (f) => f.size <= MAX_IMAGE_BYTES,
        `The picture is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB: save a smaller copy and upload that.`,
      )
      .optional(),
  ),
});
const NO_FILE = "Choose a picture to upload.";

type Options = { ip?: string | null; storage?: ImageStorage };

const productId = (id: unknown) => {
  const parsed = z.string().min(1).max(64).safeParse(id);
  if (!parsed.success) throw missing();
  return parsed.data;
};
const missing = () => new AppError("NOT_FOUND", "That product could not be found.");
const changedMeanwhile = () =>
  new AppError(
    "CONFLICT",
    "The picture was changed by someone else while this one uploaded. Reload the page and try again.",
  );
const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";

/** What the product shows (an upload or a bundled picture) and the upload's facts, for its admin page. */
export async function productPictureFor(db: Db, actor: Actor | null, id: unknown) {
  requirePermission(actor, "catalog.manage");
  const product = await db.product.findUnique({
    where: { id: productId(id) },
    select: {
      imagePath: true,
      imageAlt: true,
      image: {
        select: { key: true, width: true, height: true, sourceFormat: true, sourceBytes: true, createdAt: true },
      },
    },
  });
  if (!product) throw missing();
  return product;
}

/** Uploads a product's picture, or replaces the one it has. */
export async function setProductImage(
  db: Db,
  actor: Actor | null,
  id: unknown,
  input: unknown,
  { ip = null, storage = imageStorage() }: Options = {},
): Promise<{ key: string; replaced: boolean; altOnly: boolean }> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = productId(id);
  const { alt, file } = parseInput(productImageInputSchema, input);
  if (!(await db.product.findUnique({ where: { id: pid }, select: { id: true } }))) throw missing();
  if (!file) return { ...(await setImageAlt(db, staff, pid, alt, ip)), replaced: false, altOnly: true };
  const picture = await reencodeImage(Buffer.from(await file.arrayBuffer()));

  // The uploaded file's name is never used: the files are named by a new random key.
  const key = randomBytes(16).toString("hex");
  try {
    for (const file of picture.widths) await storage.put(widthFileName(key, file.width), file.bytes);
    const previous = await inTransaction(db, async (tx) => {
      if (!(await tx.product.findUnique({ where: { id: pid }, select: { id: true } }))) throw missing();
      const current = await tx.productImage.findUnique({ where: { productId: pid }, select: { key: true } });
      const data = {
        key,
        width: picture.width,
        height: picture.height,
        sourceFormat: picture.format,
        sourceBytes: file.size,
      };
      if (current) {
        // Conditional on the key read above: two replacements at once cannot both win.
        const moved = await tx.productImage.updateMany({
          where: { productId: pid, key: current.key },
          data: { ...data, createdAt: new Date() },
        });
        if (moved.count !== 1) throw changedMeanwhile();
      } else {
        await tx.productImage.create({ data: { productId: pid, ...data } });
      }
      await tx.product.update({ where: { id: pid }, data: { imagePath: storedImagePath(key), imageAlt: alt } });
      await appendAudit(tx, {
        actor: { id: staff.id, email: staff.email },
        action: current ? "catalog.image.replace" : "catalog.image.upload",
        target: `product:${pid}`,
        detail: {
          key,
          ...(current ? { previousKey: current.key } : {}),
          width: picture.width,
          height: picture.height,
          sourceFormat: picture.format,
          sourceBytes: file.size,
          alt,
        },
        ip,
      });
      return current?.key ?? null;
    });
    clearCatalogCache();
    if (previous) await removeImageFiles(storage, previous);
    return { key, replaced: previous !== null, altOnly: false };
  } catch (error) {
    await removeImageFiles(storage, key);
    if (isUniqueViolation(error)) throw changedMeanwhile();
    throw error;
  }
}

/** Changes the alt text of a product's uploaded picture; without one, a file is required. */
async function setImageAlt(db: Db, staff: Actor, pid: string, alt: string, ip: string | null) {
  const key = await inTransaction(db, async (tx) => {
    const product = await tx.product.findUnique({
      where: { id: pid },
      select: { imageAlt: true, image: { select: { key: true } } },
    });
    if (!product) throw missing();
    if (!product.image) throw new AppError("VALIDATION", NO_FILE, { file: NO_FILE });
    if (product.imageAlt === alt) return product.image.key;
    await tx.product.update({ where: { id: pid }, data: { imageAlt: alt } });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "catalog.image.alt",
      target: `product:${pid}`,
      detail: { key: product.image.key, before: product.imageAlt, after: alt },
      ip,
    });
    return product.image.key;
  });
  clearCatalogCache();
  return { key };
}

/** Takes a product's uploaded picture away: the shop shows the placeholder again. */
export async function removeProductImage(
  db: Db,
  actor: Actor | null,
  id: unknown,
  { ip = null, storage = imageStorage() }: Options = {},
): Promise<boolean> {
  const staff = requirePermission(actor, "catalog.manage");
  const pid = productId(id);
  const removed = await inTransaction(db, async (tx) => {
    const product = await tx.product.findUnique({
      where: { id: pid },
      select: { name: true, image: { select: { key: true } } },
    });
    if (!product) throw missing();
    if (!product.image) return null;
    const gone = await tx.productImage.deleteMany({ where: { productId: pid, key: product.image.key } });
    if (gone.count !== 1) throw changedMeanwhile();
    await tx.product.update({
      where: { id: pid },
      data: { imagePath: PLACEHOLDER_IMAGE, imageAlt: `${product.name} placeholder picture` },
    });
    await appendAudit(tx, {
      actor: { id: staff.id, email: staff.email },
      action: "catalog.image.remove",
      target: `product:${pid}`,
      detail: { key: product.image.key },
      ip,
    });
    return product.image.key;
  });
  if (!removed) return false;
  clearCatalogCache();
  await removeImageFiles(storage, removed);
  return true;
}
