import "server-only";
import sharp from "sharp";
import { AppError } from "@/lib/errors";
import { IMAGE_WIDTHS, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE, type ImageWidth } from "./widths";

// Turns an uploaded file into pictures that cannot hurt anyone (docs/catalog.md, "Product
// pictures"), or refuses it:
//   1. the format is read from the first bytes (JPEG, PNG or WebP), never from the file's name or
//      the type the browser declared: SVG (scripts), HTML, PHP and everything else are refused;
//   2. the pixel size is read from the header (sharp's metadata decodes nothing) and refused past
//      MAX_IMAGE_SIDE / MAX_IMAGE_PIXELS, and sharp's limitInputPixels holds the same limit while
//      decoding: a small file declaring 20000 × 20000 pixels (a decompression bomb) is never decoded;
//   3. every width is a fresh WebP encoding of the decoded pixels: EXIF, GPS, comments, ICC and
//      anything appended to the file (a PHP or HTML polyglot) do not survive it.

type ImageFormat = "jpeg" | "png" | "webp";

/** The format the file's first bytes announce, or null. */
function sniffImageFormat(bytes: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...expected: number[]) => expected.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return "jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  // "RIFF" <size> "WEBP"
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "webp";
  return null;
}

type Reencoded = { format: ImageFormat; width: number; height: number; widths: { width: ImageWidth; bytes: Buffer }[] };

const refuse = (message: string) => new AppError("VALIDATION", message, { file: message });

const WRONG_TYPE = "Upload a JPEG, PNG or WebP picture (SVG and other files are not accepted).";
const UNREADABLE = "That picture could not be read. Save it again as JPEG, PNG or WebP and upload it.";

/** Refuses what is not a JPEG, PNG or WebP within the pixel limits; otherwise the WebP widths. */
export async function reencodeImage(bytes: Buffer): Promise<Reencoded> {
  const format = sniffImageFormat(bytes);
  if (!format) throw refuse(WRONG_TYPE);
  const input = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" } as const;
  // The header only: nothing is decoded, so the pixel limit is checked below, with a clear message.
  const meta = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!meta || meta.format !== format || !meta.width || !meta.height) throw refuse(UNREADABLE);
  if (meta.width > MAX_IMAGE_SIDE || meta.height > MAX_IMAGE_SIDE || meta.width * meta.height > MAX_IMAGE_PIXELS) {
    throw refuse(
      `That picture is ${meta.width} × ${meta.height} pixels: at most ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1_000_000} million in all.`,
    );
  }
  // One decode, turned upright by its EXIF orientation before the metadata goes; sharp writes
  // no metadata unless asked (withMetadata/keepExif are never called here).
  const decoded = sharp(bytes, input).autoOrient().timeout({ seconds: 30 });
  try {
    const widths = await Promise.all(
      IMAGE_WIDTHS.map(async (width) => {
        const data = await decoded.clone().resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toBuffer();
        return { width, bytes: data };
      }),
    );
    return { format, width: meta.autoOrient.width, height: meta.autoOrient.height, widths };
  } catch {
    throw refuse(UNREADABLE);
  }
}
