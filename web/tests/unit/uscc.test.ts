// The credit-code rule of the enterprise form, against the server's cases (tests/unit/test-uscc.c).
import { describe, expect, it } from 'vitest'
import { checkUscc, normalizeUscc, usccCheckChar, USCC_ALPHABET } from '../../src/utils/uscc'
import { usccRule } from '../../src/utils/validate'

const GOOD = [
  '914403001922038216', // 华为技术有限公司
  '91330100716105852F', // 阿里巴巴（中国）有限公司
  '91440300708461136T', // 深圳市腾讯计算机系统有限公司
  '91110108551385082Q', // 北京小米科技有限责任公司
  '91330400MA2JB7XX27', // a 嘉兴 code with an MA organisation part
  '91330402780839412G' // the demo's 加西贝拉
]

describe('checkUscc', () => {
  it('accepts good codes', () => {
    for (const c of GOOD) expect(checkUscc(c), c).toEqual({ ok: true, value: c, legacy: false })
  })

  it('rejects a wrong check character', () => {
    for (const c of ['91330400MA2JB7XX2B', '914403001922038217', '91330100716105852G', '000000000000000001'])
      expect(checkUscc(c).error, c).toBe('check')
    // Every other check character of every good code is wrong.
    for (const c of GOOD)
      for (const x of USCC_ALPHABET) if (x !== c[17]) expect(checkUscc(c.slice(0, 17) + x).error).toBe('check')
  })

  it('rejects the letters I, O, S, V and Z', () => {
    for (const bad of 'IOSVZ') {
      expect(checkUscc(`9133040${bad}MA2JB7XX27`).error, bad).toBe('char')
      expect(checkUscc(`91330400MA2JB7XX2${bad}`).error, bad).toBe('char')
    }
    expect(checkUscc('9133040-MA2JB7XX27').error).toBe('char')
  })

  it('normalises full-width characters, lower case and surrounding spaces', () => {
    expect(normalizeUscc('９１３３０４００ｍａ２ｊｂ７ｘｘ２７')).toBe('91330400MA2JB7XX27')
    expect(checkUscc('９１３３０４００ｍａ２ｊｂ７ｘｘ２７')).toEqual({ ok: true, value: '91330400MA2JB7XX27', legacy: false })
    expect(checkUscc('91330100716105852f').ok).toBe(true)
    expect(checkUscc(' \t\u3000 91330100716105852F \u200b').value).toBe('91330100716105852F')
    expect(checkUscc('９１３３０１００７１６１０５８５２Ｇ').error).toBe('check')
  })

  it('keeps a 15-digit legacy registration number as it is, flagged', () => {
    expect(checkUscc('330400000012345')).toEqual({ ok: true, value: '330400000012345', legacy: true })
    expect(checkUscc('３３０４００００００１２３４５')).toEqual({ ok: true, value: '330400000012345', legacy: true })
    expect(checkUscc('33040000001234X').error).toBe('length')
  })

  it('rejects other lengths', () => {
    for (const c of ['', '   ', '9', '91440300192203821', '9144030019220382166', '9144030019 22038216'])
      expect(checkUscc(c).ok, JSON.stringify(c)).toBe(false)
    expect(checkUscc('').error).toBe('required')
    expect(checkUscc('91440300192203821').error).toBe('length')
  })

  it('computes the check character as GB 32100 does', () => {
    expect(usccCheckChar('00000000000000000')).toBe('0')
    expect(usccCheckChar('00000000000000001')).toBe('3')
    expect(usccCheckChar('10000000000000000')).toBe(USCC_ALPHABET[30])
    expect(usccCheckChar('9144030019220382I')).toBe('')
    expect(usccCheckChar('9144030019220382')).toBe('')
  })
})

describe('usccRule', () => {
  const t = (k: string) => k
  function run(v: string): Promise<string | undefined> {
    return new Promise((resolve) => usccRule(t).validator!(null, v, (e?: Error) => resolve(e?.message)))
  }
  it('passes a good code and names the fault of a bad one', async () => {
    expect(await run('91330402780839412G')).toBeUndefined()
    expect(await run('330400000012345')).toBeUndefined()
    expect(await run('91330402780839412H')).toBe('uscc.check')
    expect(await run('9133040278083941OG')).toBe('uscc.char')
    expect(await run('913304027808')).toBe('uscc.length')
    expect(await run('')).toBe('uscc.required')
    expect(usccRule(t).trigger).toBe('change') // checked as the user types
  })
})
