// GET /media/products/<key>-<width>.webp — an uploaded product picture (lib/catalog/images/serve.ts
// decides the name and the headers; anything but a stored picture's name is a 404).
import { productImageResponse } from "@/lib/catalog/images/serve";
import { imageStorage } from "@/lib/catalog/images/storage";
import { isProduction } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  return productImageResponse(imageStorage(), (await params).file, { production: isProduction() });
}
