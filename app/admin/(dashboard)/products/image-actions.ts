"use server";
import { refresh } from "next/cache";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { adminAction } from "@/lib/admin/request-guards";
import { removeProductImage, setProductImage } from "@/lib/catalog/images/product-images";
import { db } from "@/lib/db";

// A product's picture (/admin/products/[id]): the admin gate, then lib/catalog/images/, which
// checks catalog.manage again, refuses anything but a JPEG, PNG or WebP within the limits, and
// stores a re-encoded copy under a random name.

export async function uploadProductImageAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { id, alt } = formObject(form);
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const { replaced, altOnly } = await setProductImage(db(), staff, id, { alt, file: form.get("file") }, { ip });
    refresh();
    return altOnly ? "Alt text saved." : replaced ? "Picture replaced." : "Picture uploaded.";
  }, form);
}

export async function removeProductImageAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const removed = await removeProductImage(db(), staff, formObject(form).id, { ip });
    refresh();
    return removed ? "Picture removed: the shop shows the placeholder." : "The product had no uploaded picture.";
  }, form);
}
