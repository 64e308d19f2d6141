import { getImageProps } from "next/image";
import { storedImageKey } from "@/lib/catalog/images/widths";

/**
 * A product's picture. An uploaded one comes through next/image with a srcset of the widths
 * stored at upload (next.config.ts's loader picks them), so a phone loads the 320 or 640 px file;
 * a bundled SVG (the seed's) is given as it is. getImageProps rather than <Image>: the same
 * srcset and sizes, without the inline style attribute <Image> adds, which the CSP refuses.
 */
export function ProductPicture({
  src,
  alt,
  size,
  sizes,
  eager = false,
  className,
}: {
  src: string;
  alt: string;
  size: number;
  sizes: string;
  eager?: boolean;
  className?: string;
}) {
  const { props } = getImageProps({
    src,
    alt,
    width: size,
    height: size,
    sizes,
    unoptimized: storedImageKey(src) === null,
    loading: eager ? "eager" : "lazy",
    ...(eager ? { fetchPriority: "high" } : {}),
  });
  const { style: _style, ...attributes } = props;
  // eslint-disable-next-line @next/next/no-img-element, jsx-a11y/alt-text -- next/image's own props (alt included), less its inline style
  return <img {...attributes} className={className} />;
}
