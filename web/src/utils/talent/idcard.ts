/*
 * The resident ID number (居民身份证号码, GB 11643-1999), as the server checks
 * it (src/core/pii.c): surrounding ASCII white space is ignored and a final x
 * is upper-cased; 18 characters, 17 digits then a digit or X; positions 7–14 a
 * real birth date YYYYMMDD from 1900-01-01 to today (China time); the last the
 * check character "10X98765432"[S mod 11], S the first 17 digits weighted
 * 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2.  The region code is not checked, and
 * old 15-digit numbers are refused.
 */

export const IDCARD_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export const IDCARD_CHECK_CHARS = '10X98765432'

export type IdCardError = 'length' | 'date' | 'check'

export interface IdCardResult {
  ok: boolean
  value: string
  error?: IdCardError
}

const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g

/** The check character of 17 digits, or '' when one is not a digit. */
export function idCardCheckChar(first17: string): string {
  if (!/^[0-9]{17}$/.test(first17)) return ''
  let sum = 0
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * IDCARD_WEIGHTS[i]
  return IDCARD_CHECK_CHARS[sum % 11]
}

/** Today in China (UTC+8) as YYYYMMDD. */
function chinaToday(now: Date): string {
  const d = new Date(now.getTime() + 8 * 3600 * 1000)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}`
}

/** Whether YYYYMMDD is a real calendar date from 1900-01-01 to today. */
export function isBirthDate(ymd: string, now: Date = new Date()): boolean {
  if (!/^[0-9]{8}$/.test(ymd)) return false
  const y = Number(ymd.slice(0, 4))
  const m = Number(ymd.slice(4, 6))
  const d = Number(ymd.slice(6, 8))
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  if (d > days) return false
  return ymd <= chinaToday(now)
}

export function checkIdCard(input: string | null | undefined, now: Date = new Date()): IdCardResult {
  let value = String(input ?? '').replace(ASCII_SPACE, '')
  if (value.length === 18 && value[17] === 'x') value = value.slice(0, 17) + 'X'
  if (!/^[0-9]{17}[0-9X]$/.test(value)) return { ok: false, value, error: 'length' }
  if (!isBirthDate(value.slice(6, 14), now)) return { ok: false, value, error: 'date' }
  if (idCardCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, value, error: 'check' }
  return { ok: true, value }
}
