/*
 * Phone numbers, as the server accepts them (src/core/pii.c): a mainland
 * mobile number (11 digits starting 13–19, optionally after +86 or 86; spaces
 * and dashes ignored) → "13800138000"; or a landline (area code of 3 or 4
 * digits starting 0, optionally in parentheses, then '-', a space or nothing,
 * a local number of 7 or 8 digits, optionally '-' and an extension of 1–6
 * digits; without a separator the area code is split by the numbering plan:
 * 010 and 02x have 3 digits) → "0573-82001234".  Anything else is refused.
 */

const ASCII_SPACE = /^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g
const isDigit = (c: string | undefined) => !!c && c >= '0' && c <= '9'

function parseMobile(s: string): string | null {
  let d = ''
  let plus = false
  for (let i = 0; i < s.length; i++) {
    const c = s[i]
    if (i === 0 && c === '+') plus = true
    else if (isDigit(c)) d += c
    else if (c !== ' ' && c !== '-') return null
  }
  if (d.length === 13 && d.startsWith('86')) d = d.slice(2)
  else if (plus) return null
  if (d.length !== 11 || d[0] !== '1' || d[1] < '3' || d[1] > '9') return null
  return d
}

function digitRun(s: string, from: number): number {
  let i = from
  while (i < s.length && isDigit(s[i])) i++
  return i - from
}

function parseLandline(s: string): string | null {
  const n = s.length
  let i = 0
  let paren = false
  if (s[i] === '(') {
    paren = true
    i++
  }
  const areaStart = i
  const run = digitRun(s, i)
  if (run < 3 || s[areaStart] !== '0') return null
  i += run
  if (paren && s[i] !== ')') return null
  let alen: number
  if (paren || (run <= 4 && i < n && (s[i] === '-' || s[i] === ' '))) {
    if (run > 4) return null
    alen = run
    if (paren) i++
    if (i < n && (s[i] === '-' || s[i] === ' ')) i++
  } else {
    alen = s[areaStart + 1] === '1' || s[areaStart + 1] === '2' ? 3 : 4
    if (run <= alen) return null
    i -= run - alen
  }
  const area = s.slice(areaStart, areaStart + alen)
  const numStart = i
  let local = ''
  while (i < n && (isDigit(s[i]) || (s[i] === ' ' && i > numStart && i + 1 < n && isDigit(s[i + 1])))) {
    if (s[i] !== ' ') {
      if (local.length === 8) return null
      local += s[i]
    }
    i++
  }
  if (local.length < 7) return null
  let ext = ''
  if (i < n) {
    if (s[i] !== '-') return null
    i++
    const e = digitRun(s, i)
    if (e < 1 || e > 6 || i + e !== n) return null
    ext = s.slice(i, i + e)
  }
  return ext ? `${area}-${local}-${ext}` : `${area}-${local}`
}

/** The normalised number, or null when it is not a phone number. */
export function normalizePhone(input: string | null | undefined): string | null {
  const s = String(input ?? '').replace(ASCII_SPACE, '')
  if (!s) return null
  if (s[0] === '0' || s[0] === '(') return parseLandline(s)
  return parseMobile(s)
}
