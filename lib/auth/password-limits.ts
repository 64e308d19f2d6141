// Client-safe constants of the password policy (the policy itself is in password.ts).
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
