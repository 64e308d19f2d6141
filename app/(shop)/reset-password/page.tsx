import type { Metadata } from "next";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { resetPasswordAction } from "../forgot-password/actions";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default function ResetPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Choose a new password</h1>
      <ResetPasswordForm action={resetPasswordAction} />
    </div>
  );
}
