import { Field } from '@/components/ui/field';
import { PASSWORD_MIN_LENGTH } from '@/lib/auth/password-policy';

type NewPasswordFieldsProps = {
  /** The ids of the two inputs (their error regions are `<id>-error`). */
  ids: [password: string, confirm: string];
  errors: { password?: string; confirm?: string };
  autoFocus?: boolean;
};

/** "New password" and "Repeat the new password" (form fields newPassword and confirmPassword). */
export function NewPasswordFields({
  ids: [passwordId, confirmId],
  errors,
  autoFocus,
}: NewPasswordFieldsProps) {
  return (
    <>
      <Field
        id={passwordId}
        name="newPassword"
        type="password"
        label="New password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors.password}
        autoFocus={autoFocus}
      />
      <Field
        id={confirmId}
        name="confirmPassword"
        type="password"
        label="Repeat the new password"
        autoComplete="new-password"
        error={errors.confirm}
      />
    </>
  );
}
