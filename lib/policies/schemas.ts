// Input rules for storage quotas (tag retention rules are in lib/policies/retention-rules.ts).
import { z } from 'zod';

/** A storage quota in bytes; null means unlimited. */
export const quotaBytesSchema = z
  .number({ error: 'quotaBytes must be a number of bytes, or null for unlimited' })
  .int('quotaBytes must be a whole number of bytes')
  .min(0, 'quotaBytes cannot be negative')
  .max(Number.MAX_SAFE_INTEGER, 'quotaBytes is too large')
  .nullable();
