// next/image's loader (next.config.ts `images.loaderFile`): an uploaded picture is served in the
// widths written at upload, so each requested width maps to the nearest stored file. Nothing is
// resized on request, and Next's image optimizer (/_next/image) is off: it never fetches a URL.
// Bundled pictures (the seed's SVGs) are drawn at any size and are given unoptimized.
import { storedImageKey, widthPathFor } from "./widths";

export default function productImageLoader({ src, width }: { src: string; width: number }): string {
  const key = storedImageKey(src);
  return key ? widthPathFor(key, width) : src;
}
