import { ProductPicture } from "@/components/catalog/product-picture";
import { ActionForm } from "@/components/forms/action-form";
import type { FormAction } from "@/lib/action-state";
import { ProductImageForm } from "./product-image-form";

type Picture = {
  imagePath: string;
  imageAlt: string;
  image: { width: number; height: number; sourceFormat: string; sourceBytes: number } | null;
};

const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en")} KB`;

/** The picture section of a product's admin page: what the shop shows, upload or replace, remove. */
export function ProductImageSection({
  productId,
  picture,
  actions,
}: {
  productId: string;
  picture: Picture;
  actions: { upload: FormAction; remove: FormAction };
}) {
  const { image } = picture;
  return (
    <section aria-labelledby="picture-heading" className="flex flex-col gap-3">
      <h2 id="picture-heading" className="text-xl font-semibold">
        Picture
      </h2>
      <div className="flex flex-wrap items-start gap-4">
        <ProductPicture
          src={picture.imagePath}
          alt={picture.imageAlt}
          size={160}
          sizes="160px"
          className="aspect-square w-40 rounded border border-gray-200 bg-white object-contain"
        />
        <p className="min-w-48 flex-1 text-sm text-gray-800" data-testid="picture-facts">
          {image
            ? `Uploaded ${image.sourceFormat.toUpperCase()} (${kilobytes(image.sourceBytes)}), ${image.width} × ${image.height} pixels, shown as WebP in three widths. Alt text: “${picture.imageAlt}”.`
            : "No uploaded picture: the shop shows the one above."}
        </p>
      </div>
      <p className="text-sm text-gray-800">
        Every upload is re-encoded: camera and location details (EXIF, GPS) are removed, and the file&apos;s own name is
        never used.
      </p>
      <ProductImageForm
        action={actions.upload}
        productId={productId}
        alt={image ? picture.imageAlt : undefined}
        replacing={image !== null}
      />
      {image ? (
        <ActionForm
          action={actions.remove}
          submitLabel="Remove picture"
          label="Remove picture"
          tone="plain"
          testId="remove-image-form"
        >
          <input type="hidden" name="id" value={productId} />
        </ActionForm>
      ) : null}
    </section>
  );
}
