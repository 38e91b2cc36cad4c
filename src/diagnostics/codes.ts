/**
 * The one registry of diagnostic codes. Each stage owns a table in its own folder; this
 * module joins them so every code has exactly one default severity, hint and docs entry
 * (docs/diagnostics.md). Tests assert on codes, never on message text.
 */
import type { Severity } from './diagnostic.ts';
import { CATALOGUE_CODES } from '../catalogue/codes.ts';
import { STORAGE_CODES } from '../storage/codes.ts';
import { IMAGE_CODES } from '../images/codes.ts';
import { VALIDATE_CODES } from '../validate/codes.ts';
import { EXPORT_CODES } from '../exports/codes.ts';
import { PERSISTENCE_CODES } from '../persistence/codes.ts';
import { PULL_CODES } from '../pull/codes.ts';
import { STAGE_CODES } from '../build/codes.ts';

export interface CodeEntry {
  severity: Severity;
  /** One line: what the code means. */
  title: string;
  /** Default advice for the curator. */
  hint: string;
}

export type CodeTable = Record<string, CodeEntry>;

export const CODES = {
  ...IMAGE_CODES,
  ...CATALOGUE_CODES,
  ...VALIDATE_CODES,
  ...STORAGE_CODES,
  ...EXPORT_CODES,
  ...PERSISTENCE_CODES,
  ...PULL_CODES,
  ...STAGE_CODES,
} satisfies CodeTable;

export type DiagnosticCode = keyof typeof CODES;
