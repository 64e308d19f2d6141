import { z } from "zod";
import { PASSWORD_MAX_LENGTH } from "./password-limits";

// Shared input schemas for every account form. Objects strip unknown keys, so a `role` or
// `totpEnabledAt` field added to a form never reaches the database (mass assignment).

export const emailSchema = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .max(254, "That email address is too long.")
  .pipe(z.email({ error: "Enter a valid email address." }));

const nameSchema = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, "Enter your name.")
  .max(100, "Use at most 100 characters for your name.")
  .refine(
    (v) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(v),
    "Your name contains characters we cannot accept.",
  );

// The policy itself (length, common list, personal data) is checked by passwordProblem; this only
// bounds the input before any hashing work.
const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .max(PASSWORD_MAX_LENGTH * 4, `Use at most ${PASSWORD_MAX_LENGTH} characters.`);
const existingPasswordSchema = z
  .string({ error: "Enter your password." })
  .min(1, "Enter your password.")
  .max(1024, "Enter your password.");

export const registerSchema = z.object({ name: nameSchema, email: emailSchema, password: newPasswordSchema });
export const signInSchema = z.object({ email: emailSchema, password: existingPasswordSchema });

/** A 6-digit authenticator code ("123 456" accepted) or a recovery code ("abcde-fghjk"). */
export const secondFactorSchema = z.object({
  code: z
    .string({ error: "Enter a code." })
    .trim()
    .min(6, "Enter the 6-digit code from your app, or a recovery code.")
    .max(32, "Enter the 6-digit code from your app, or a recovery code."),
});

export const totpCodeSchema = z.object({
  code: z
    .string({ error: "Enter the 6-digit code from your app." })
    .transform((v) => v.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your app.")),
});

export const disableTwoFactorSchema = totpCodeSchema.extend({ password: existingPasswordSchema });
export const confirmPasswordSchema = z.object({ password: existingPasswordSchema });
export const changePasswordSchema = z.object({
  currentPassword: existingPasswordSchema,
  newPassword: newPasswordSchema,
});

export const resetRequestSchema = z.object({ email: emailSchema });
const resetTokenSchema = z
  .string({ error: "This reset link is invalid or has expired." })
  .regex(/^[A-Za-z0-9_-]{43}$/, "This reset link is invalid or has expired.");
export const resetPasswordSchema = z.object({ token: resetTokenSchema, password: newPasswordSchema });

export const sessionIdSchema = z.object({
  sessionId: z.string({ error: "Choose a session." }).regex(/^[a-z0-9]{20,32}$/, "That session does not exist."),
});
export const ticketSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
export const browserTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
