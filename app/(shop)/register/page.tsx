import type { Metadata } from "next";
import Link from "next/link";
import { RegisterForm } from "@/components/auth/register-form";
import { registerAction } from "./actions";

export const metadata: Metadata = { title: "Create an account" };

export default function RegisterPage() {
  return (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-bold">Create an account</h1>
      <RegisterForm action={registerAction} />
      <p className="mt-6 text-sm text-gray-900">
        Already have an account?{" "}
        <Link href="/signin" className="text-blue-800 underline">
          Sign in
        </Link>
      </p>
    </div>
  );
}
