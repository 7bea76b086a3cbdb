/*
 * Names of records that the talent pages link to but whose answers do not
 * name them (the enterprise of a certificate, the studio of a training, the
 * carrier of a placement), and the studios for the selects.  Fetched on
 * demand, once per id, for the logged-in user only (forgotten when another
 * user logs in).  Nothing here is personal information.
 */
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { getCarrier } from '@/api/carriers'
import { getEnterprise } from '@/api/enterprises'
import { listStudios } from '@/api/talent/studios'
import type { Studio } from '@/api/talent/types'
import { useUserStore } from '../user'

export const useTalentRefsStore = defineStore('talentRefs', () => {
  const studios = ref<Studio[]>([])
  const enterprises = ref<Record<number, string>>({})
  const carriers = ref<Record<number, string>>({})
  let owner = ''
  let studiosLoading: Promise<void> | null = null
  let studiosLoaded = false
  const pending = new Set<string>()

  /** Forgets everything when the user (or college) changed since the last use. */
  function sameUser() {
    const u = useUserStore().user
    const key = u ? `${u.tenant?.id}:${u.id}` : ''
    if (key !== owner) {
      owner = key
      studios.value = []
      enterprises.value = {}
      carriers.value = {}
      studiosLoaded = false
      studiosLoading = null
      pending.clear()
    }
  }

  function loadStudios(force = false): Promise<void> {
    sameUser()
    if (!useUserStore().canRead('studios')) return Promise.resolve()
    if (studiosLoaded && !force) return Promise.resolve()
    if (!studiosLoading || force) {
      studiosLoading = listStudios({ size: 200, sort: 'name' })
        .then((r) => {
          studios.value = r.items
          studiosLoaded = true
        })
        .catch(() => {})
        .finally(() => {
          studiosLoading = null
        })
    }
    return studiosLoading
  }

  function studioName(id: number | null | undefined): string {
    if (!id) return ''
    return studios.value.find((s) => s.id === id)?.name || ''
  }

  async function fetchNames(kind: 'enterprises' | 'carriers', ids: (number | null | undefined)[]) {
    sameUser()
    const map = kind === 'enterprises' ? enterprises : carriers
    const want = [...new Set(ids.filter((x): x is number => !!x && !(x in map.value) && !pending.has(`${kind}:${x}`)))]
    await Promise.all(
      want.map(async (id) => {
        pending.add(`${kind}:${id}`)
        try {
          const rec = kind === 'enterprises' ? await getEnterprise(id) : await getCarrier(id)
          map.value = { ...map.value, [id]: rec.name }
        } catch {
          /* shown by the client; the cell stays empty */
        } finally {
          pending.delete(`${kind}:${id}`)
        }
      })
    )
  }

  const ensureEnterprises = (ids: (number | null | undefined)[]) => fetchNames('enterprises', ids)
  const ensureCarriers = (ids: (number | null | undefined)[]) => fetchNames('carriers', ids)
  const enterpriseName = (id: number | null | undefined) => (id ? enterprises.value[id] || '' : '')
  const carrierName = (id: number | null | undefined) => (id ? carriers.value[id] || '' : '')

  /** A name learnt elsewhere (a picker), so that it need not be fetched. */
  function remember(kind: 'enterprises' | 'carriers', id: number | null | undefined, name: string | null | undefined) {
    if (!id || !name) return
    sameUser()
    const map = kind === 'enterprises' ? enterprises : carriers
    if (map.value[id] !== name) map.value = { ...map.value, [id]: name }
  }

  return { studios, loadStudios, studioName, ensureEnterprises, ensureCarriers, enterpriseName, carrierName, remember }
})
