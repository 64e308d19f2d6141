// What an uploaded product picture becomes, and where it is served (docs/catalog.md, "Product
// pictures"). Client-safe and free of "@/" imports: next.config.ts, the request guard
// (lib/http/request-guard.ts) and next/image's loader (./loader.ts) read it too.

/** The largest upload accepted: 5 MiB. */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
/**
 * The largest request body the upload form may send: the picture plus room for the multipart
 * framing and the form's other fields. The server refuses anything larger before reading it.
 */
export const UPLOAD_BODY_BYTES = MAX_IMAGE_BYTES + 64 * 1024;
/** Pixel limits read from the file's header before anything is decoded (decompression bombs). */
export const MAX_IMAGE_SIDE = 8_000;
export const MAX_IMAGE_PIXELS = 40_000_000;
/** The widths every upload is written in (WebP); next.config.ts gives next/image the same list. */
export const IMAGE_WIDTHS = [320, 640, 1024] as const;
export type ImageWidth = (typeof IMAGE_WIDTHS)[number];

/** Where the widths are served: /media/products/<key>-<width>.webp (app/media/products/[file]/route.ts). */
const MEDIA_PREFIX = "/media/products/";
/** A stored width's file name: the key (32 lower-case hex digits, 16 random bytes), the width, .webp. */
const WIDTH_FILE = /^([0-9a-f]{32})-(320|640|1024)\.webp$/;

/** The file name of one width of a stored picture. */
export const widthFileName = (key: string, width: ImageWidth) => `${key}-${width}.webp`;
/** Every file a stored picture has. */
export const widthFileNames = (key: string) => IMAGE_WIDTHS.map((w) => widthFileName(key, w));

/** The key and width a served file name stands for, or null for anything else (no traversal, no other names). */
export function parseWidthFileName(name: string): { key: string; width: ImageWidth } | null {
  const match = WIDTH_FILE.exec(name);
  return match ? { key: match[1]!, width: Number(match[2]) as ImageWidth } : null;
}

const largest = IMAGE_WIDTHS[IMAGE_WIDTHS.length - 1]!;

/** The product's imagePath for a stored picture: its largest width, which link previews and JSON-LD use. */
export const storedImagePath = (key: string) => `${MEDIA_PREFIX}${widthFileName(key, largest)}`;

/** The key of a stored picture's imagePath, or null for a bundled picture (the seed's SVGs, the placeholder). */
export function storedImageKey(path: string): string | null {
  return path.startsWith(MEDIA_PREFIX) ? (parseWidthFileName(path.slice(MEDIA_PREFIX.length))?.key ?? null) : null;
}

/** The URL of the smallest stored width at least `width` wide (the largest when none is). */
export function widthPathFor(key: string, width: number): string {
  return `${MEDIA_PREFIX}${widthFileName(key, IMAGE_WIDTHS.find((w) => w >= width) ?? largest)}`;
}
