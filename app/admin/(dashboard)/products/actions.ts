"use server";
import { refresh } from "next/cache";
import { redirect } from "next/navigation";
import { formObject, runAction, type ActionState } from "@/lib/actions";
import { adminAction } from "@/lib/admin/request-guards";
import { archiveProduct, createProduct, deleteProduct, restoreProduct, updateProduct } from "@/lib/catalog/admin";
import { adjustStock } from "@/lib/catalog/stock-adjustments";
import { db } from "@/lib/db";

// /admin/products' actions: the admin gate (allowlist, role, 2FA, permission, policy), then one
// domain function in lib/catalog/, which checks catalog.manage again. A failure echoes what was
// typed, so the form shows it again beside the field errors.

export async function createProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const created: { id?: string } = {};
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    created.id = (await createProduct(db(), staff, formObject(form), { ip })).id;
    return "Product created.";
  }, form);
  if (state.ok && created.id) redirect(`/admin/products/${created.id}?created=1`);
  return state;
}

export async function updateProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { id, ...fields } = formObject(form);
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const { changed } = await updateProduct(db(), staff, id, fields, { ip });
    refresh();
    return changed.length === 0
      ? "Nothing changed."
      : `Saved (${changed.length} ${changed.length === 1 ? "change" : "changes"}). Orders already placed keep the price they were placed at.`;
  }, form);
}

export async function adjustStockAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { id, ...fields } = formObject(form);
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const { stock, delta } = await adjustStock(db(), staff, id, fields, { ip });
    refresh();
    return `Stock ${delta > 0 ? "increased" : "reduced"} by ${Math.abs(delta)}: ${stock} now in stock.`;
  }, form);
}

export async function archiveProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const moved = await archiveProduct(db(), staff, formObject(form).id, { ip });
    refresh();
    return moved
      ? "Archived: the product is no longer shown or sold. Its orders are kept."
      : "The product was already archived.";
  }, form);
}

export async function restoreProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const moved = await restoreProduct(db(), staff, formObject(form).id, { ip });
    refresh();
    return moved ? "Restored: the product is on sale again." : "The product was already on sale.";
  }, form);
}

export async function deleteProductAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const state = await runAction(async () => {
    const { staff, ip } = await adminAction("catalog.manage");
    const { name } = await deleteProduct(db(), staff, formObject(form).id, { ip });
    return `Deleted ${name}.`;
  }, form);
  if (state.ok) redirect("/admin/products?deleted=1");
  return state;
}
