"use server";
import { refresh } from "next/cache";
import { addAddress, removeAddress, setDefaultAddress } from "@/lib/account/addresses";
import { formObject, runAction } from "@/lib/actions";
import type { ActionState } from "@/lib/action-state";
import { currentUser } from "@/lib/auth/current-user";
import { db } from "@/lib/db";

// The address book's server actions: each loads the actor, calls one domain function, refreshes.

export async function addAddressAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await addAddress(db(), await currentUser(), formObject(form));
    refresh();
    return "Address saved.";
  }, form);
}

export async function setDefaultAddressAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await setDefaultAddress(db(), await currentUser(), formObject(form));
    refresh();
    return "Default address changed.";
  });
}

export async function removeAddressAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  return runAction(async () => {
    await removeAddress(db(), await currentUser(), formObject(form));
    refresh();
    return "Address removed.";
  });
}
