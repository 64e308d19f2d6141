"use client";
import { useState } from "react";
import { ActionForm } from "@/components/forms/action-form";
import { Field, FileField } from "@/components/forms/form-parts";
import type { FormAction } from "@/lib/action-state";
import { MAX_IMAGE_BYTES } from "@/lib/catalog/images/widths";

const MB = MAX_IMAGE_BYTES / 1024 / 1024;

/**
 * Upload or replace a product's picture, with its alt text (/admin/products/[id]). Works without
 * JavaScript; with it, a file over the limit is caught before it is sent (the server refuses it
 * either way: lib/catalog/images/).
 */
export function ProductImageForm({
  action,
  productId,
  alt,
  replacing,
}: {
  action: FormAction;
  productId: string;
  alt?: string;
  replacing: boolean;
}) {
  const [tooLarge, setTooLarge] = useState("");
  const pick = (file: File | null, input: HTMLInputElement) => {
    if (file && file.size > MAX_IMAGE_BYTES) {
      setTooLarge(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB: choose a picture of at most ${MB} MB.`);
      input.value = "";
    } else setTooLarge("");
  };
  const label = replacing ? "Replace picture" : "Upload picture";
  return (
    <ActionForm action={action} submitLabel={label} label={label} testId="image-form">
      <input type="hidden" name="id" value={productId} />
      <FileField
        name="file"
        label="Picture"
        accept="image/jpeg,image/png,image/webp"
        hint={`JPEG, PNG or WebP, at most ${MB} MB and 8000 pixels a side.${replacing ? " Leave it empty to keep the picture and change only its alt text." : ""}`}
        onPick={pick}
      >
        {tooLarge ? (
          <p role="alert" className="text-sm font-medium text-red-800">
            {tooLarge}
          </p>
        ) : null}
      </FileField>
      <Field
        name="alt"
        label="Alt text"
        autoComplete="off"
        maxLength={250}
        defaultValue={alt}
        hint="What the picture shows, for people who cannot see it: “Blue enamel mug with a white rim”."
      />
    </ActionForm>
  );
}
