/*
 * Who may open and change what, as the server's resource table says
 * (src/api/resources.c).  The menu and the toolbars ask here; the server
 * decides in the end (a 403 is still shown if the two ever disagree).
 */
export type Role = 'platform_admin' | 'school_admin' | 'staff' | 'enterprise_contact' | 'bureau_viewer'

const COLLEGE: Role[] = ['school_admin', 'staff', 'enterprise_contact', 'bureau_viewer']
const READERS: Role[] = ['school_admin', 'staff', 'bureau_viewer']
const ADMIN: Role[] = ['school_admin']

/** Roles that may read (open the page of) each module. */
export const readRoles: Record<string, Role[]> = {
  home: [...COLLEGE, 'platform_admin'],
  enterprises: COLLEGE,
  carriers: COLLEGE,
  events: READERS,
  departments: ADMIN,
  staff: ADMIN,
  users: ADMIN,
  tenants: ['platform_admin'],
  // 重点项目建设 (src/api/routes-projects.c): the college's readers see it all, to-do and
  // pillar 1 included; an enterprise contact sees nothing of it.
  keyProjects: READERS,
  taskBooks: READERS,
  tasks: READERS,
  progressReports: READERS,
  evaluations: READERS,
  commendations: READERS,
  todo: READERS,
  reportReview: ADMIN,
  // Lookups used to show names (department of a carrier) without opening the page.
  departmentNames: READERS,
  // 人才培养与社会服务 (src/api/routes-talent.c): an enterprise contact sees only the
  // placements and trainings of its own enterprise.
  studios: READERS,
  outputs: READERS,
  students: READERS,
  placements: COLLEGE,
  certificates: READERS,
  trainings: COLLEGE,
  staffNames: READERS,
  // The audited full view of personal information.
  studentPii: ADMIN,
  certificatePii: ADMIN
}

/** Roles that may add, edit and delete in each module. */
export const writeRoles: Record<string, Role[]> = {
  enterprises: ADMIN,
  carriers: ['school_admin', 'staff'],
  events: ADMIN,
  departments: ADMIN,
  staff: ADMIN,
  users: ADMIN,
  tenants: ['platform_admin'],
  // 重点项目建设: staff write the tasks and indicators their department leads and report on the
  // tasks they own (the server checks each one); only an administrator reviews a report.
  keyProjects: ADMIN,
  taskBooks: ADMIN,
  tasks: ['school_admin', 'staff'],
  indicators: ['school_admin', 'staff'],
  progressReports: ['school_admin', 'staff'],
  attachments: ['school_admin', 'staff'],
  evaluations: ADMIN,
  commendations: ADMIN,
  reportReview: ADMIN,
  // Staff write their own department's records (the server checks each one).
  studios: ['school_admin', 'staff'],
  outputs: ['school_admin', 'staff'],
  students: ['school_admin', 'staff'],
  placements: ['school_admin', 'staff'],
  certificates: ['school_admin', 'staff'],
  trainings: ['school_admin', 'staff'],
  // An enterprise contact confirms its own interns and hires.
  placementConfirm: ['school_admin', 'enterprise_contact']
}

export function canRead(role: string | undefined, module: string): boolean {
  return !!role && (readRoles[module] || []).includes(role as Role)
}

export function canWrite(role: string | undefined, module: string): boolean {
  return !!role && (writeRoles[module] || []).includes(role as Role)
}
