/*
 * The unified social credit code (统一社会信用代码, GB 32100-2015), as the
 * server checks it (src/core/uscc.c): input is trimmed, full-width characters
 * folded to half-width and letters upper-cased; 18 characters of the alphabet
 * below with the check character at the end; or a 15-digit registration number
 * of the old scheme, kept as a flagged legacy value and never "corrected".
 */

export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export type UsccError = 'required' | 'length' | 'char' | 'check'

export interface UsccResult {
  ok: boolean
  value: string
  legacy: boolean
  error?: UsccError
}

// The spaces the server trims: Unicode White_Space, plus ZWSP and BOM.
const EDGE_SPACE = /^[\s\u0085\u200b]+|[\s\u0085\u200b]+$/g

function trimSpaces(s: string): string {
  return s.replace(EDGE_SPACE, '')
}

/** Trim, fold full-width ASCII (and the ideographic space) and upper-case. */
export function normalizeUscc(input: string): string {
  let out = ''
  for (const ch of trimSpaces(input || '')) {
    let c = ch.codePointAt(0) as number
    if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0
    else if (c === 0x3000) c = 0x20
    out += String.fromCodePoint(c)
  }
  return trimSpaces(out).toUpperCase()
}

/** The check character for the first 17 characters, or '' if one is outside the alphabet. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) return ''
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i])
    if (v < 0) return ''
    sum += v * USCC_WEIGHTS[i]
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]
}

export function checkUscc(input: string): UsccResult {
  const value = normalizeUscc(input)
  const chars = Array.from(value)
  if (chars.length === 0) return { ok: false, value, legacy: false, error: 'required' }
  if (chars.length === 15) {
    if (/^[0-9]{15}$/.test(value)) return { ok: true, value, legacy: true }
    return { ok: false, value, legacy: false, error: 'length' }
  }
  if (chars.length !== 18) return { ok: false, value, legacy: false, error: 'length' }
  for (const c of chars) if (USCC_ALPHABET.indexOf(c) < 0) return { ok: false, value, legacy: false, error: 'char' }
  if (usccCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, value, legacy: false, error: 'check' }
  return { ok: true, value, legacy: false }
}
