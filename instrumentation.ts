// Runs once when a server instance starts (Node.js runtime only): checks the configuration and
// starts the background jobs unless STORE_DISABLE_SCHEDULER=1 (see lib/startup.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("@/lib/startup");
    startServer();
  }
}
