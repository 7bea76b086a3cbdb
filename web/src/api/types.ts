// The records of the API, as src/core/entities.c and src/store/hooks.c shape them.
export interface Base {
  id: number
  version: number
  created_at: string
  updated_at: string
}

export interface Tenant {
  id: number
  code: string
  name: string
  kind: string
  region_code: string
}

export interface SessionUser {
  id: number
  username: string
  display_name: string | null
  role: string
  tenant: Tenant
  department_id: number | null
  enterprise_id: number | null
}

export interface Session {
  user: SessionUser
  csrf_token: string
  /** Every route ("GET /api/v1/students/:id") the user's role may call. */
  permissions: string[]
  /** A password an administrator gave: to be changed before anything else. */
  must_change_password?: boolean
}

export interface DictValue {
  value: string
  label_zh: string
  label_en: string | null
  color: string
}

export interface Dictionary {
  name: string
  label_zh: string
  label_en: string | null
  builtin: boolean
  values: DictValue[]
}

export interface Department extends Base {
  name: string
  code: string | null
  kind: string | null
  remark: string | null
}

export interface Staff extends Base {
  name: string
  employee_no: string | null
  department_id: number | null
  title: string | null
  phone: string | null
  demo: boolean
}

export interface User extends Base {
  username: string
  display_name: string | null
  role: string
  department_id: number | null
  enterprise_id: number | null
  active: boolean
  last_login_at: string | null
}

export interface EnterpriseCarrier {
  id: number
  name: string
  kind: string
  status: string
  lead: boolean
}

export interface Enterprise extends Base {
  name: string
  uscc: string
  uscc_legacy: boolean
  industry_code: string | null
  size: string | null
  region_code: string | null
  address: string | null
  contact_name: string | null
  contact_phone: string | null
  remark: string | null
  demo: boolean
  carriers?: EnterpriseCarrier[]
}

export interface Partner {
  enterprise_id: number
  enterprise_name?: string
  lead: boolean
}

export interface StatusChange {
  from: string | null
  to: string
  end_reason: string | null
  at: string
  user_id: number | null
}

export interface CarrierEvent {
  event_id: number
  title: string
  date: string
  action: string
}

export interface Carrier extends Base {
  kind: string
  name: string
  department_id: number | null
  status: string
  end_reason: string | null
  signed_on: string | null
  valid_from: string | null
  valid_to: string | null
  plaque_no: string | null
  plaque_date: string | null
  capacity: number | null
  on_campus: boolean | null
  base_nature: string | null
  productive: boolean | null
  virtual_sim: boolean | null
  workstations: number | null
  remark: string | null
  demo: boolean
  partners: Partner[]
  expiring: boolean
  overdue_renewal: boolean
  status_history?: StatusChange[]
  events?: CarrierEvent[]
}

export interface PressCredit {
  role: string
  name: string
}

export interface EventAction {
  action: string
  target_type: string
  target_id: number
  target_name?: string | null
  target_kind?: string | null
}

export interface CjEvent extends Base {
  title: string
  date: string
  place: string | null
  kind: string
  summary: string | null
  demo: boolean
  attendees: string[]
  press: PressCredit[]
  actions: EventAction[]
}

export interface TenantRecord extends Base {
  code: string
  name: string
  kind: string
  region_code: string
}
