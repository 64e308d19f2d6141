// GET|POST /api/auth/* — next-auth: CSRF token, the credentials callback (login tickets only),
// session and sign-out. Its HTML pages are replaced by /signin.
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/next-auth";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  return (await NextAuth(request as never, context as never, authOptions())) as Response;
}

export { handler as GET, handler as POST };
