import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { Field } from "@/components/forms/form-parts";
import { requestResetAction } from "./actions";

export const metadata: Metadata = { title: "Forgot your password?" };

export default function ForgotPasswordPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-4 text-3xl font-bold">Forgot your password?</h1>
      <p className="mb-6 text-gray-900">
        Enter the email address of your account and we will send you a link to choose a new password.
      </p>
      <ActionForm action={requestResetAction} submitLabel="Send reset link" label="Request a password reset">
        <Field name="email" label="Email" type="email" autoComplete="email" />
      </ActionForm>
    </div>
  );
}
