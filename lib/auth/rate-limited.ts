import "server-only";
import { AppError } from "@/lib/errors";

export function rateLimited(retryAfterSec: number, hint = ""): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSec / 60));
  const wait =
    minutes >= 60
      ? `${Math.ceil(minutes / 60)} hour${minutes > 60 ? "s" : ""}`
      : `${minutes} minute${minutes === 1 ? "" : "s"}`;
  return new AppError("RATE_LIMITED", `Too many attempts. Please try again in ${wait}.${hint ? ` ${hint}` : ""}`);
}
