/*
 * The Chinese patent application number (专利申请号, since 2003), as the
 * server checks it (src/core/talent.c): 12 digits, a dot and the check
 * character — "202310123456.6" — or the same 13 characters without the dot;
 * a lower-case x is X.  The first four digits are the year (1985–2199), the
 * fifth the kind (1 invention, 2 utility model, 3 design, 8 and 9 PCT
 * entries); the check character is "0123456789X"[S mod 11], S the 12 digits
 * weighted 2 3 4 5 6 7 8 9 2 3 4 5.  Saved as "202310123456.6".
 */

export const PATENT_WEIGHTS = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5]
export const PATENT_CHECK_CHARS = '0123456789X'

export type PatentNoError = 'format' | 'check'

export interface PatentNoResult {
  ok: boolean
  value: string
  error?: PatentNoError
}

/** The check character of the 12 digits, or '' when they are not 12 digits. */
export function patentCheckChar(digits12: string): string {
  if (!/^[0-9]{12}$/.test(digits12)) return ''
  let sum = 0
  for (let i = 0; i < 12; i++) sum += (digits12.charCodeAt(i) - 48) * PATENT_WEIGHTS[i]
  return PATENT_CHECK_CHARS[sum % 11]
}

export function checkPatentNo(input: string | null | undefined): PatentNoResult {
  const s = String(input ?? '').trim()
  const m = /^([0-9]{12})\.?([0-9Xx])$/.exec(s)
  if (!m) return { ok: false, value: s, error: 'format' }
  const digits = m[1]
  const check = m[2].toUpperCase()
  const year = Number(digits.slice(0, 4))
  if (year < 1985 || year > 2199 || !'12389'.includes(digits[4])) return { ok: false, value: s, error: 'format' }
  if (patentCheckChar(digits) !== check) return { ok: false, value: s, error: 'check' }
  return { ok: true, value: `${digits}.${check}` }
}
