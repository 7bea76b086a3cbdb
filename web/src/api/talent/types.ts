// The records of the talent module, as its entity descriptors and store hooks shape them.
import type { Base } from '../types'

/** A leader, member or author: a staff member (staff_id) or someone from outside (name only). */
export interface Person {
  staff_id: number | null
  name: string
}

/** A specialty of the college's catalogue (专业目录). */
export interface Specialty extends Base {
  code: string
  name: string
  department_id: number | null
  duration_years: number | null
  remark: string | null
}

export interface Studio extends Base {
  kind: string
  name: string
  field: string | null
  level: string | null
  honour: string | null
  honour_date: string | null
  event_id: number | null
  department_id: number | null
  department_name: string | null
  remark: string | null
  demo: boolean
  leaders: Person[]
  members: Person[]
}

export interface Output extends Base {
  kind: string
  title: string
  date: string | null
  studio_id: number | null
  studio_name: string | null
  department_id: number | null
  application_no: string | null
  patent_type: string | null
  patent_status: string | null
  granted_on: string | null
  client_enterprise_id: number | null
  client_enterprise_name: string | null
  contract_amount: number | null
  amount_received: number | null
  start_date: string | null
  end_date: string | null
  contest: string | null
  competition_level: string | null
  award: string | null
  publisher: string | null
  remark: string | null
  demo: boolean
  people: Person[]
}

/** id_number and phone always arrive masked (110***********002X, 138****5678). */
export interface Student extends Base {
  student_no: string
  name: string
  id_number: string | null
  specialty_code: string | null
  specialty_name: string | null
  class_name: string | null
  cohort_year: number | null
  status: string
  phone: string | null
  department_id: number | null
  demo: boolean
}

export interface Placement extends Base {
  student_id: number
  student_name: string | null
  enterprise_id: number
  enterprise_name: string | null
  carrier_id: number | null
  kind: string
  start_date: string
  end_date: string | null
  position: string | null
  mentor: string | null
  status: string
  score: number | null
  confirmed: boolean
  remark: string | null
  demo: boolean
}

export interface Certificate extends Base {
  holder_type: string
  student_id: number | null
  holder_name: string | null
  holder_id_number: string | null
  enterprise_id: number | null
  occupation: string
  level: number
  certificate_no: string
  issue_date: string | null
  gold_collar: boolean
  demo: boolean
}

export interface Training extends Base {
  enterprise_id: number
  enterprise_name: string | null
  title: string
  occupation: string | null
  start_date: string
  end_date: string | null
  hours: number
  trainees: number
  certificates_issued: number | null
  department_id: number | null
  studio_id: number | null
  fee: number | null
  person_hours: number
  remark: string | null
  demo: boolean
}
