import "server-only";
import { env } from "@/lib/env";

// Called once per server instance (instrumentation.ts): refuse to serve with a bad configuration.
export function startServer(): void {
  try {
    env();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
