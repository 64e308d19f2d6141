import { z } from "zod";

// What the browser sends back from navigator.credentials.create()/get(), as
// @simplewebauthn/browser serializes it (base64url strings). Bounded before any parsing work;
// unknown keys are dropped.

const b64url = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]*$/, "Not base64url.");
const credentialId = b64url(1400).min(16);

const registrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64url(4096),
    attestationObject: b64url(16_384),
    transports: z
      .array(z.enum(["ble", "cable", "hybrid", "internal", "nfc", "smart-card", "usb"]))
      .max(8)
      .optional(),
  }),
  clientExtensionResults: z.object({}).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

const authenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: b64url(4096),
    authenticatorData: b64url(4096),
    signature: b64url(1024),
    userHandle: b64url(128).optional(),
  }),
  clientExtensionResults: z.object({}).default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
});

const passkeyNameSchema = z
  .string({ error: "Give the passkey a name." })
  .trim()
  .min(1, "Give the passkey a name.")
  .max(60, "Use at most 60 characters.")
  .refine((v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v), "The name contains characters we cannot accept.");

export const finishRegistrationSchema = z.object({
  name: passkeyNameSchema,
  response: registrationResponseSchema,
});
export const finishSignInSchema = z.object({
  response: authenticationResponseSchema,
});
export const passkeyIdSchema = z.object({
  passkeyId: z.string({ error: "Choose a passkey." }).regex(/^[a-z0-9]{20,32}$/, "That passkey does not exist."),
});
export const renamePasskeySchema = passkeyIdSchema.extend({
  name: passkeyNameSchema,
});
