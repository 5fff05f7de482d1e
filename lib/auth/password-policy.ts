// Password length rules. Kept apart from the hashing code so that browser forms can check
// them too without pulling the native argon2 module into the client bundle.
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;
