import "server-only";
import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { env } from "@/lib/env";
import { logger } from "@/lib/logging/logger";
import { parseWidthFileName, widthFileNames } from "./widths";

// Where uploaded product pictures live. The store needs four things of a storage: write a new
// file, read one, remove some, and list what it holds (for the sweep of files no product uses,
// ./orphans.ts). A local folder (PRODUCT_IMAGES_DIR, .data/product-images by
// default) does it here; a fork that runs several hosts without a shared folder implements the
// same interface over S3 or similar and returns it from imageStorage().
//
// Every name is checked against the one pattern the store writes (<32 hex>-<width>.webp) before
// it reaches the file system, so no caller can make this module touch another path.

export interface ImageStorage {
  /** Writes a new file; refuses to replace one that exists. */
  put(name: string, bytes: Uint8Array): Promise<void>;
  /** The file's bytes, or null when there is no such file. */
  get(name: string): Promise<Buffer | null>;
  /** Removes the files; a missing one is not an error. */
  remove(names: readonly string[]): Promise<void>;
  /** Every stored picture's file name with when it was written; anything else in the storage is left out. */
  list(): Promise<{ name: string; writtenAt: Date }[]>;
}

function checked(name: string): string {
  if (!parseWidthFileName(name)) throw new Error(`not a stored picture's name: ${JSON.stringify(name.slice(0, 80))}`);
  return name;
}

const isMissing = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";

/** A folder on this machine. */
export function folderStorage(dir: string): ImageStorage {
  const root = resolve(dir);
  const path = (name: string) => join(root, checked(name));
  return {
    async put(name, bytes) {
      const target = path(name);
      await mkdir(root, { recursive: true, mode: 0o750 });
      // "wx": a name is never reused, so an existing file means something is wrong: never overwrite it.
      await writeFile(target, bytes, { flag: "wx", mode: 0o640 });
    },
    async get(name) {
      try {
        return await readFile(path(name));
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },
    async remove(names) {
      await Promise.all(names.map((name) => rm(path(name), { force: true })));
    },
    async list() {
      const names = await readdir(root).catch((error: unknown) => {
        if (isMissing(error)) return [];
        throw error;
      });
      const files = [];
      for (const name of names.filter((n) => parseWidthFileName(n) !== null)) {
        const info = await stat(path(name)).catch((error: unknown) => {
          if (isMissing(error)) return null;
          throw error;
        });
        if (info?.isFile()) files.push({ name, writtenAt: info.mtime });
      }
      return files;
    },
  };
}

let shared: ImageStorage | undefined;

/** The store's picture storage, from PRODUCT_IMAGES_DIR. */
export function imageStorage(): ImageStorage {
  shared ??= folderStorage(env().PRODUCT_IMAGES_DIR);
  return shared;
}

/** Deletes a stored picture's files; a failure is logged, never thrown (unused files harm nobody). */
export async function removeImageFiles(storage: ImageStorage, key: string): Promise<void> {
  await storage
    .remove(widthFileNames(key))
    .catch((error: unknown) =>
      logger.error(
        { component: "catalog", imageKey: key, err: error },
        "a product picture's files could not be removed",
      ),
    );
}
