import { currentUser } from "@/lib/auth/current-user";
import { env } from "@/lib/env";
import { AppError, toPublicError } from "@/lib/errors";
import { contextFromHeaders } from "@/lib/http/request-context";
import { privacyDeps } from "@/lib/privacy/deps";
import { exportAccountData } from "@/lib/privacy/export";

// POST /account/privacy/export: the customer's data as a JSON download. A plain form post from
// /account/privacy (works without JavaScript); a refusal goes back to that page with a fixed
// reason code, never with text from the request.

const back = (reason: string) => Response.redirect(new URL(`/account/privacy?export=${reason}`, env().APP_URL), 303);

export async function POST(request: Request): Promise<Response> {
  // server.ts refuses a cross-origin POST before Next sees it; checked here too, since this
  // hands over the account's data.
  if (request.headers.get("origin") !== new URL(env().APP_URL).origin)
    return new Response("Forbidden", { status: 403 });
  const actor = await currentUser();
  if (!actor) return Response.redirect(new URL("/signin?next=/account/privacy", env().APP_URL), 303);
  const form = await request.formData().catch(() => null);
  const password = form?.get("password");
  try {
    const { filename, json } = await exportAccountData(privacyDeps(), contextFromHeaders(request.headers), actor, {
      password: typeof password === "string" ? password : undefined,
    });
    return new Response(json, {
      headers: {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="${filename}"`,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    const { code } = toPublicError(error);
    if (error instanceof AppError && code === "RATE_LIMITED") return back("limited");
    if (error instanceof AppError && code === "VALIDATION") return back("password");
    return back("failed");
  }
}
