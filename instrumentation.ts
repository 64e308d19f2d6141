// Runs once when a server instance starts (Node.js runtime only). STORE_DISABLE_SCHEDULER=1
// leaves the alert retries and the authorization sweep to `npm run sweep` (e.g. from cron).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/startup");
    startServer({ scheduler: process.env.STORE_DISABLE_SCHEDULER !== "1" });
  }
}
